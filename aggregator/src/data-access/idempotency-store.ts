import { conditionalUpdate, isUniqueViolation, QueryTypes, type Database } from '@agora/db';

import type { StoredResponse } from '../domain/checkout/saga-record.js';

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in_use' }
  | { outcome: 'reused' };

interface Row {
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: string | null;
  lease_until: Date | string;
}

/**
 * Public idempotency keys, scoped to the user, in the aggregator's own database so
 * they survive restarts and hold across replicas: the first request inserts the key
 * (a unique primary key decides races), later ones read what it stored.
 */
export class IdempotencyStore {
  constructor(private readonly db: Database) {}

  async claim(userId: string, key: string, requestHash: string, orderId: string, leaseMs: number): Promise<Claim> {
    const now = new Date();
    try {
      await this.db.getQueryInterface().bulkInsert('idempotency_keys', [
        { user_id: userId, idempotency_key: key, request_hash: requestHash, order_id: orderId, state: 'in_progress', lease_until: new Date(now.getTime() + leaseMs), created_at: now },
      ]);
      return { outcome: 'claimed' };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const [row] = await this.db.query<Row>('SELECT request_hash, state, response_status, response_body, lease_until FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?', {
      replacements: [userId, key],
      type: QueryTypes.SELECT,
    });
    if (!row) return this.claim(userId, key, requestHash, orderId, leaseMs);
    if (row.request_hash !== requestHash) return { outcome: 'reused' };
    if (row.state === 'completed') return { outcome: 'replay', response: { status: row.response_status!, body: JSON.parse(row.response_body!) } };
    return (await this.takeOverAbandoned(userId, key, row, leaseMs)) ? { outcome: 'claimed' } : { outcome: 'in_use' };
  }

  /**
   * A request that died before it started a saga leaves its key in progress with an
   * expired lease; the next attempt takes it over. Keys whose saga exists stay with
   * the saga: the recovery job completes them.
   */
  private async takeOverAbandoned(userId: string, key: string, row: Row, leaseMs: number): Promise<boolean> {
    if (new Date(row.lease_until).getTime() > Date.now()) return false;
    const taken = await conditionalUpdate(
      this.db,
      `UPDATE idempotency_keys SET lease_until = ?
        WHERE user_id = ? AND idempotency_key = ? AND state = 'in_progress' AND lease_until < ?
          AND NOT EXISTS (SELECT 1 FROM sagas WHERE sagas.order_id = idempotency_keys.order_id)`,
      [new Date(Date.now() + leaseMs), userId, key, new Date()],
    );
    return taken > 0;
  }

  async complete(userId: string, key: string, response: StoredResponse): Promise<void> {
    await this.db.query("UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ? WHERE user_id = ? AND idempotency_key = ?", {
      replacements: [response.status, JSON.stringify(response.body), userId, key],
    });
  }

  /** Forgets a key whose request did nothing, so the client may retry it. */
  async release(userId: string, key: string): Promise<void> {
    await this.db.query("DELETE FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ? AND state = 'in_progress'", { replacements: [userId, key] });
  }

  /** Keys are kept at least `retentionMs` (24 h by default), then purged. */
  async purgeOlderThan(retentionMs: number): Promise<void> {
    await this.db.query("DELETE FROM idempotency_keys WHERE state = 'completed' AND created_at < ?", { replacements: [new Date(Date.now() - retentionMs)] });
  }
}
