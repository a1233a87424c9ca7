import type { Migration } from '@agora/db';

/** Every schema change of the auth database, in order; applied at start. */
export const migrations: Migration[] = [];
