import { QueryTypes, truncateWriteAheadLog, withTransaction, type Database, type Tx } from '@agora/db';
import { sqlTime, toDate } from './rows.js';

/**
 * Clears the card details of a buyer's payments: in the payments table and in the
 * stored responses replayed for idempotency keys. Payments, refunds and ledger entries
 * stay; they are the accounts, and name the buyer by opaque id only.
 */
export class ErasureRepository {
  constructor(private readonly db: Database) {}

  private query<T extends object>(sql: string, replacements: Record<string, unknown>, t: Tx) {
    return this.db.query<T>(sql, { type: QueryTypes.SELECT, replacements, transaction: t });
  }

  private async scrubStoredResponses(paymentIds: string[], scrub: (body: unknown) => unknown, t: Tx): Promise<void> {
    for (const paymentId of paymentIds) {
      const rows = await this.query<{ key_hash: string; response_body: string }>(
        'SELECT key_hash, response_body FROM idempotency_keys WHERE response_body LIKE :pattern',
        { pattern: `%"${paymentId}"%` },
        t,
      );
      for (const row of rows) {
        const scrubbed = JSON.stringify(scrub(JSON.parse(row.response_body)));
        if (scrubbed === row.response_body) continue;
        await this.db.query('UPDATE idempotency_keys SET response_body = :body WHERE key_hash = :keyHash', {
          type: QueryTypes.UPDATE,
          replacements: { body: scrubbed, keyHash: row.key_hash },
          transaction: t,
        });
      }
    }
  }

  /** Idempotent: a repeat finds nothing left to clear and answers the first erasure time. */
  async erase(buyerId: string, scrub: (body: unknown) => unknown, now: Date): Promise<Date> {
    const erasedAt = await withTransaction(this.db, async (t) => {
      const payments = await this.query<{ id: string }>(
        'SELECT id FROM payments WHERE buyer_id = :buyerId',
        { buyerId },
        t,
      );
      await this.db.query(
        'UPDATE payments SET brand = NULL, last4 = NULL WHERE buyer_id = :buyerId AND (brand IS NOT NULL OR last4 IS NOT NULL)',
        {
          type: QueryTypes.UPDATE,
          replacements: { buyerId },
          transaction: t,
        },
      );
      await this.scrubStoredResponses(
        payments.map((p) => p.id),
        scrub,
        t,
      );
      const [existing] = await this.query<{ erased_at: unknown }>(
        'SELECT erased_at FROM erasures WHERE user_id = :buyerId',
        { buyerId },
        t,
      );
      if (existing) return toDate(existing.erased_at);
      await this.db
        .getQueryInterface()
        .bulkInsert('erasures', [{ user_id: buyerId, erased_at: sqlTime(this.db, now) }], { transaction: t });
      return now;
    });
    await truncateWriteAheadLog(this.db);
    return erasedAt;
  }
}
