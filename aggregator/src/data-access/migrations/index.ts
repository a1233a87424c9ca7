import type { Migration } from '@agora/db';
import { checkoutTables } from './001-checkout.js';
import { erasures } from './002-erasures.js';
import { finalAnswers } from './003-final-answers.js';

/** Schema of the aggregator's own small database (idempotency keys, saga log, erasures); applied at start. */
export const migrations: Migration[] = [checkoutTables, erasures, finalAnswers];
