import { randomUUID } from 'node:crypto';
import { QueryTypes, preparedSql, type Database, type Transaction } from '@agora/db';
import type { LedgerEntry } from '../domain/ledger.js';
import { sqlTime, toNumber } from './rows.js';

/**
 * Writes one balanced ledger transaction, in the caller's transaction: one multi-row INSERT
 * (prepared SQL; every capture writes one).
 */
export async function insertLedgerTransaction(
  db: Database,
  t: Transaction,
  input: {
    kind: 'capture' | 'refund' | 'delivery';
    paymentId: string;
    currency: string;
    entries: LedgerEntry[];
    now: Date;
  },
): Promise<void> {
  if (input.entries.length === 0) return;
  const transactionId = randomUUID();
  const createdAt = sqlTime(db, input.now);
  const values = input.entries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  await preparedSql(db).run(
    `INSERT INTO ledger_entries (transaction_id, kind, payment_id, shipment_id, seller_id, account, currency, amount, created_at) VALUES ${values}`,
    input.entries.flatMap((e) => [
      transactionId,
      input.kind,
      input.paymentId,
      e.shipmentId,
      e.sellerId,
      e.account,
      input.currency,
      e.amount,
      createdAt,
    ]),
    t,
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
