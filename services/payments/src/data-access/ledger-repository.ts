import { randomUUID } from 'node:crypto';
import { QueryTypes, type Database, type Transaction } from '@agora/db';
import type { LedgerEntry } from '../domain/ledger.js';
import { sqlTime, toNumber } from './rows.js';

/** Writes one balanced ledger transaction. */
export async function insertLedgerTransaction(
  db: Database,
  t: Transaction,
  input: { kind: 'capture' | 'refund' | 'delivery'; paymentId: string; currency: string; entries: LedgerEntry[]; now: Date },
): Promise<void> {
  if (input.entries.length === 0) return;
  const transactionId = randomUUID();
  await db.getQueryInterface().bulkInsert(
    'ledger_entries',
    input.entries.map((e) => ({
      transaction_id: transactionId,
      kind: input.kind,
      payment_id: input.paymentId,
      shipment_id: e.shipmentId,
      seller_id: e.sellerId,
      account: e.account,
      currency: input.currency,
      amount: e.amount,
      created_at: sqlTime(db, input.now),
    })),
    { transaction: t },
  );
}

/** The ledger as the domain reads it; entries are written inside the payment, refund and delivery transactions. */
export class LedgerRepository {
  constructor(private readonly db: Database) {}

  /** A seller's entries summed per currency and account. */
  async sellerAccountSums(sellerId: string): Promise<Array<{ currency: string; account: string; total: number }>> {
    const rows = await this.db.query<{ currency: string; account: string; total: unknown }>(
      'SELECT currency, account, SUM(amount) AS total FROM ledger_entries WHERE seller_id = :sellerId GROUP BY currency, account',
      { type: QueryTypes.SELECT, replacements: { sellerId } },
    );
    return rows.map((r) => ({ currency: r.currency, account: r.account, total: toNumber(r.total) }));
  }
}
