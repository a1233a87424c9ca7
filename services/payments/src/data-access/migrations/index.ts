import type { Migration } from '@agora/db';
import { paymentsAndLedger } from './001-payments-ledger.js';
import { erasures } from './002-erasures.js';

/** Every schema change of the payments database, in order; applied at start. */
export const migrations: Migration[] = [paymentsAndLedger, erasures];
