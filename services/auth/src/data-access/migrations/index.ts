import type { Migration } from '@agora/db';
import { accounts } from './001-accounts.js';
import { erasures } from './002-erasures.js';
import { aggregatorErasures } from './003-aggregator-erasures.js';
import { loginFailuresPerClient } from './004-login-failures-per-client.js';

/** Every schema change of the auth database, in order; applied at start. */
export const migrations: Migration[] = [accounts, erasures, aggregatorErasures, loginFailuresPerClient];
