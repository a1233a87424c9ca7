import type { Migration } from '@agora/db';
import { accounts } from './001-accounts.js';

/** Every schema change of the auth database, in order; applied at start. */
export const migrations: Migration[] = [accounts];
