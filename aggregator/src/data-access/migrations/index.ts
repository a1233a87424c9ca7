import type { Migration } from '@agora/db';
import { checkoutTables } from './001-checkout.js';

/** Schema of the aggregator's own small database (idempotency keys, saga log); applied at start. */
export const migrations: Migration[] = [checkoutTables];
