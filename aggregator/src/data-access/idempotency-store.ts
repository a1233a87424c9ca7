import {
  isUniqueViolation,
  preparedSql,
  storedTimeText,
  type Database,
  type PreparedSql,
  type Transaction,
} from '@agora/db';

import type { StoredResponse } from '../domain/checkout/saga-record.js';

/**
 * - `claimed`: this request runs attempt `attempt` of the key, as order `orderId`;
 * - `replay`: the key's final answer;
 * - `running`: an attempt is under way as order `orderId` (its saga may be abandoned);
 * - `reused`: the key was used with another body.
 */
export type Claim =
  | { outcome: 'claimed'; orderId: string; attempt: number }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'running'; orderId: string; attempt: number; leaseExpired: boolean }
  | { outcome: 'reused' };

interface Row {
  request_hash: string;
  state: 'in_progress' | 'completed' | 'retryable';
  response_status: number | null;
  response_body: string | null;
  lease_until: Date | string;
  order_id: string;
  attempt: number;
}

/** A key still in progress although its saga ended (written by a version before answers were atomic). */
export interface UnansweredKey {
  userId: string;
  key: string;
  sagaId: string;
}

/** A 503 is never an answer: the key may run again (a new attempt), and nothing is stored. */
export const isFinal = (response: StoredResponse) => response.status !== 503;

/**
 * Public idempotency keys, scoped to the user, in the aggregator's own database so
 * they survive restarts and hold across replicas: the first request inserts the key
 * (a unique primary key decides races), later ones read what it stored. A key is
 * `in_progress` while an attempt runs, `completed` with its final answer, or
 * `retryable` when its last attempt ended with nothing done or was backed out by an
 * outage (the next request with the same body runs a new attempt).
 */
export class IdempotencyStore {
  /** Every checkout claims and answers a key: plain prepared SQL, no ORM. */
  private readonly sql: PreparedSql;
  private readonly dialect: string;

  constructor(db: Database) {
    this.sql = preparedSql(db);
    this.dialect = db.getDialect();
  }

  async claim(
    userId: string,
    key: string,
    requestHash: string,
    orderIdOf: (attempt: number) => string,
    leaseMs: number,
  ): Promise<Claim> {
    const now = Date.now();
    const orderId = orderIdOf(0);
    try {
      await this.sql.run(
        "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, order_id, attempt, state, lease_until, created_at) VALUES (?, ?, ?, ?, 0, 'in_progress', ?, ?)",
        [userId, key, requestHash, orderId, this.at(now + leaseMs), this.at(now)],
      );
      return { outcome: 'claimed', orderId, attempt: 0 };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const [row] = await this.sql.all<Row>(
      'SELECT request_hash, state, response_status, response_body, lease_until, order_id, attempt FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?',
      [userId, key],
    );
    if (!row) return this.claim(userId, key, requestHash, orderIdOf, leaseMs);
    if (row.request_hash !== requestHash) return { outcome: 'reused' };
    if (row.state === 'completed')
      return { outcome: 'replay', response: { status: row.response_status!, body: JSON.parse(row.response_body!) } };
    if (row.state === 'retryable') {
      const next = row.attempt + 1;
      const taken = await this.sql.run(
        "UPDATE idempotency_keys SET state = 'in_progress', attempt = ?, order_id = ?, lease_until = ? WHERE user_id = ? AND idempotency_key = ? AND state = 'retryable' AND attempt = ?",
        [next, orderIdOf(next), this.at(Date.now() + leaseMs), userId, key, row.attempt],
      );
      return taken > 0
        ? { outcome: 'claimed', orderId: orderIdOf(next), attempt: next }
        : this.claim(userId, key, requestHash, orderIdOf, leaseMs);
    }
    return {
      outcome: 'running',
      orderId: row.order_id,
      attempt: row.attempt,
      leaseExpired: new Date(row.lease_until).getTime() <= Date.now(),
    };
  }

  /**
   * A request that died before it started a saga leaves its key in progress with an
   * expired lease; the next attempt takes it over. Keys whose saga exists stay with
   * the saga.
   */
  async takeOverAbandoned(userId: string, key: string, orderId: string, leaseMs: number): Promise<boolean> {
    const taken = await this.sql.run(
      `UPDATE idempotency_keys SET lease_until = ?
        WHERE user_id = ? AND idempotency_key = ? AND order_id = ? AND state = 'in_progress' AND lease_until < ?
          AND NOT EXISTS (SELECT 1 FROM sagas WHERE sagas.order_id = idempotency_keys.order_id)`,
      [this.at(Date.now() + leaseMs), userId, key, orderId, this.at(Date.now())],
    );
    return taken > 0;
  }

  /**
   * Writes the answer of the attempt that ran as `orderId`: a final one is stored for
   * replays, a 503 makes the key retryable. Called in the transaction that ends the saga.
   */
  async answer(
    userId: string,
    key: string,
    orderId: string,
    response: StoredResponse,
    transaction?: Transaction,
  ): Promise<void> {
    const final = isFinal(response);
    await this.sql.run(
      "UPDATE idempotency_keys SET state = ?, response_status = ?, response_body = ? WHERE user_id = ? AND idempotency_key = ? AND order_id = ? AND state = 'in_progress'",
      [
        final ? 'completed' : 'retryable',
        final ? response.status : null,
        final ? JSON.stringify(response.body) : null,
        userId,
        key,
        orderId,
      ],
      transaction,
    );
  }

  /** Forgets an attempt that did nothing, so the client may retry the key (a first attempt is deleted, with its body). */
  async release(userId: string, key: string, orderId: string): Promise<void> {
    await this.sql.run(
      "DELETE FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ? AND order_id = ? AND state = 'in_progress' AND attempt = 0",
      [userId, key, orderId],
    );
    await this.sql.run(
      "UPDATE idempotency_keys SET state = 'retryable' WHERE user_id = ? AND idempotency_key = ? AND order_id = ? AND state = 'in_progress'",
      [userId, key, orderId],
    );
  }

  /** Keys in progress whose saga has ended: left behind by a version that wrote the two apart. */
  async unansweredKeys(limit: number): Promise<UnansweredKey[]> {
    const rows = await this.sql.all<{ user_id: string; idempotency_key: string; saga_id: string }>(
      `SELECT k.user_id, k.idempotency_key, s.id AS saga_id FROM idempotency_keys k JOIN sagas s ON s.order_id = k.order_id
        WHERE k.state = 'in_progress' AND s.state IN ('completed', 'compensated') LIMIT ?`,
      [limit],
    );
    return rows.map((r) => ({ userId: r.user_id, key: r.idempotency_key, sagaId: r.saga_id }));
  }

  private at(epochMs: number) {
    return storedTimeText(this.dialect, new Date(epochMs).toISOString());
  }

  /** Keys are kept at least `retentionMs` (24 h by default), then purged. */
  async purgeOlderThan(retentionMs: number): Promise<void> {
    await this.sql.run("DELETE FROM idempotency_keys WHERE state IN ('completed', 'retryable') AND created_at < ?", [
      this.at(Date.now() - retentionMs),
    ]);
  }
}
