import { isUniqueViolation, QueryTypes, truncateWriteAheadLog, type Database } from '@agora/db';

/**
 * What the aggregator's own database holds about a user — the checkout sagas (with the
 * shipping address of each plan) and the stored answers of their idempotency keys — and
 * the record of the users erased from it.
 *
 * Every statement here commits on its own, and the order matters: `record` commits the
 * erasure before `hasUnfinishedSagas` looks for sagas, and a checkout commits its saga
 * before `isErased` looks for an erasure (PlaceOrder). So of a checkout and an erasure
 * that race, at least one sees the other: the checkout backs out, or the erasure waits.
 */
export class ErasureRepository {
  constructor(private readonly db: Database) {}

  /** Records the erasure once; answers the time of the first one. */
  async record(userId: string, at: Date): Promise<Date> {
    try {
      await this.db.getQueryInterface().bulkInsert('erasures', [{ user_id: userId, erased_at: at }]);
      return at;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const [row] = await this.db.query<{ erased_at: Date | string }>(
      'SELECT erased_at FROM erasures WHERE user_id = ?',
      { replacements: [userId], type: QueryTypes.SELECT },
    );
    return new Date(row.erased_at);
  }

  async isErased(userId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 AS erased FROM erasures WHERE user_id = ?', {
      replacements: [userId],
      type: QueryTypes.SELECT,
    });
    return rows.length > 0;
  }

  /** Checkouts or cancels of the user still being driven (by a request or by the recovery job). */
  async hasUnfinishedSagas(userId: string): Promise<boolean> {
    const rows = await this.db.query(
      "SELECT 1 AS unfinished FROM sagas WHERE buyer_id = ? AND state IN ('running', 'compensating') LIMIT 1",
      {
        replacements: [userId],
        type: QueryTypes.SELECT,
      },
    );
    return rows.length > 0;
  }

  /**
   * Deletes the user's finished sagas and every idempotency key of theirs. A key still in
   * progress has no running saga (the caller checked), so its request did nothing yet and
   * will not: it finds the erasure before it starts one.
   */
  async deleteFinishedCheckouts(userId: string): Promise<void> {
    await this.db.query("DELETE FROM sagas WHERE buyer_id = ? AND state IN ('completed', 'compensated')", {
      replacements: [userId],
    });
    await this.db.query('DELETE FROM idempotency_keys WHERE user_id = ?', { replacements: [userId] });
    await truncateWriteAheadLog(this.db);
  }
}
