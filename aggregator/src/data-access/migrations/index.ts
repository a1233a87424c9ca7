import type { Migration } from '@agora/db';

/** Schema of the aggregator's own small database (idempotency keys, saga log); applied at start. */
export const migrations: Migration[] = [];
