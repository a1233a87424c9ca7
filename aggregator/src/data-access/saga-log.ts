import {
  isUniqueViolation,
  preparedSql,
  storedTimeText,
  withTransaction,
  type Database,
  type PreparedSql,
  type Tx,
} from '@agora/db';
import type { Buyer } from '../domain/checkout/ports.js';
import { LeaseLost, type SagaRecord, type SagaState, type StoredResponse } from '../domain/checkout/saga-record.js';
import type { IdempotencyStore } from './idempotency-store.js';

interface Row {
  id: string;
  kind: string;
  order_id: string;
  buyer_id: string;
  buyer_role: string;
  idempotency_key: string | null;
  step: string;
  state: string;
  plan: string;
  payment_id: string | null;
  failure: string | null;
  attempts: number;
}

function toRecord(row: Row): SagaRecord {
  return {
    id: row.id,
    kind: row.kind as SagaRecord['kind'],
    orderId: row.order_id,
    buyer: { id: row.buyer_id, role: row.buyer_role as Buyer['role'] },
    idempotencyKey: row.idempotency_key,
    step: row.step,
    state: row.state as SagaState,
    plan: JSON.parse(row.plan),
    paymentId: row.payment_id,
    failure: row.failure ? JSON.parse(row.failure) : null,
    attempts: row.attempts,
  };
}

const SELECT_COLUMNS =
  'id, kind, order_id, buyer_id, buyer_role, idempotency_key, step, state, plan, payment_id, failure, attempts';

/**
 * The saga log: one row per checkout or cancel, written before each step's effects
 * are relied on, so a crashed process (or another replica) can finish the work.
 * A lease marks who is driving a saga right now, and `attempts` fences its writes:
 * every take-over increments it, so a driver that lost its lease (it froze, or its
 * lease ran out) can no longer write, whatever it does next.
 */
export class SagaLog {
  /** Every checkout writes here three times: plain prepared SQL, no ORM. */
  private readonly sql: PreparedSql;

  constructor(
    private readonly db: Database,
    private readonly keys: Pick<IdempotencyStore, 'answer'>,
    /** Told of each saga that ended, once its end is committed (the outcome metrics). */
    private readonly ended: (kind: SagaRecord['kind'], state: SagaState) => void = () => {},
  ) {
    this.sql = preparedSql(db);
  }

  /** Records a new saga; false if one with this id exists already. */
  async start(saga: SagaRecord, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    try {
      await this.sql.run(
        `INSERT INTO sagas (id, kind, order_id, buyer_id, buyer_role, idempotency_key, step, state, plan, payment_id, failure, attempts, lease_until, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
        [
          saga.id,
          saga.kind,
          saga.orderId,
          saga.buyer.id,
          saga.buyer.role,
          saga.idempotencyKey,
          saga.step,
          saga.state,
          JSON.stringify(saga.plan),
          saga.paymentId,
          saga.failure ? JSON.stringify(saga.failure) : null,
          this.at(now + leaseMs),
          this.at(now),
          this.at(now),
        ],
      );
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async get(id: string): Promise<SagaRecord | undefined> {
    const [row] = await this.sql.all<Row>(`SELECT ${SELECT_COLUMNS} FROM sagas WHERE id = ?`, [id]);
    return row ? toRecord(row) : undefined;
  }

  /** Saves the saga's progress and extends the driver's lease; throws LeaseLost if another driver took the saga over. */
  async save(saga: SagaRecord, leaseMs: number): Promise<void> {
    await this.write(saga, leaseMs);
  }

  /**
   * Records the saga's end and, in the same transaction, its answer under the buyer's
   * Idempotency-Key: no crash can leave an ended saga behind a key still in progress.
   */
  async end(saga: SagaRecord, response: StoredResponse, leaseMs: number): Promise<void> {
    await withTransaction(this.db, async (transaction) => {
      await this.write(saga, leaseMs, transaction);
      if (saga.idempotencyKey)
        await this.keys.answer(saga.buyer.id, saga.idempotencyKey, saga.orderId, response, transaction);
    });
    this.ended(saga.kind, saga.state);
  }

  /** Unfinished sagas by kind and state, with the oldest one's start (the stuck-saga metrics). */
  async unfinished(): Promise<Array<{ kind: string; state: string; count: number; oldestCreatedAt: Date | null }>> {
    const rows = await this.sql.all<{
      kind: string;
      state: string;
      count: number | string;
      oldest: string | Date | null;
    }>(
      "SELECT kind, state, COUNT(*) AS count, MIN(created_at) AS oldest FROM sagas WHERE state IN ('running', 'compensating') GROUP BY kind, state",
      [],
    );
    return rows.map((r) => ({
      kind: r.kind,
      state: r.state,
      count: Number(r.count),
      oldestCreatedAt: r.oldest ? new Date(r.oldest) : null,
    }));
  }

  private async write(saga: SagaRecord, leaseMs: number, transaction?: Tx): Promise<void> {
    const now = Date.now();
    const written = await this.sql.run(
      'UPDATE sagas SET step = ?, state = ?, payment_id = ?, failure = ?, lease_until = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND attempts = ?',
      [
        saga.step,
        saga.state,
        saga.paymentId,
        saga.failure ? JSON.stringify(saga.failure) : null,
        this.at(now + leaseMs),
        this.at(now),
        saga.id,
        saga.attempts,
      ],
      transaction,
    );
    if (written === 0) throw new LeaseLost(saga.id);
  }

  /** Finished sagas hold the buyer's shipping address: they are kept as long as the idempotency keys, then dropped. */
  async purgeFinishedOlderThan(retentionMs: number): Promise<void> {
    await this.sql.run("DELETE FROM sagas WHERE state IN ('completed', 'compensated') AND updated_at < ?", [
      this.at(Date.now() - retentionMs),
    ]);
  }

  async forget(id: string): Promise<void> {
    await this.sql.run('DELETE FROM sagas WHERE id = ?', [id]);
  }

  /**
   * Unfinished sagas whose lease ran out (their driver died or gave up), each claimed
   * with a compare-and-set on the lease so two replicas never drive the same one.
   */
  async claimAbandoned(limit: number, leaseMs: number): Promise<SagaRecord[]> {
    const rows = await this.sql.all<Row>(
      `SELECT ${SELECT_COLUMNS} FROM sagas WHERE state IN ('running', 'compensating') AND lease_until < ? ORDER BY lease_until LIMIT ?`,
      [this.at(Date.now()), limit],
    );
    const claimed: SagaRecord[] = [];
    for (const row of rows) {
      if (await this.takeLease(row, leaseMs)) claimed.push(toRecord({ ...row, attempts: row.attempts + 1 }));
    }
    return claimed;
  }

  /** The saga of `orderId` if it is unfinished and abandoned, claimed for the caller (a retry of its checkout). */
  async claimIfAbandoned(orderId: string, leaseMs: number): Promise<SagaRecord | undefined> {
    const [row] = await this.sql.all<Row>(
      `SELECT ${SELECT_COLUMNS} FROM sagas WHERE id = ? AND state IN ('running', 'compensating') AND lease_until < ?`,
      [orderId, this.at(Date.now())],
    );
    return row && (await this.takeLease(row, leaseMs)) ? toRecord({ ...row, attempts: row.attempts + 1 }) : undefined;
  }

  private at(epochMs: number) {
    return storedTimeText(this.db.getDialect(), new Date(epochMs).toISOString());
  }

  private async takeLease(row: Row, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const taken = await this.sql.run(
      'UPDATE sagas SET lease_until = ?, attempts = attempts + 1 WHERE id = ? AND attempts = ? AND lease_until < ?',
      [this.at(now + leaseMs), row.id, row.attempts, this.at(now)],
    );
    return taken === 1;
  }
}
