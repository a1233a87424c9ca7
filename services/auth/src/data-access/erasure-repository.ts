import { Op, QueryTypes, Sequelize } from '@agora/db';
import type { Tx } from './transactions.js';
import type { AuthModels } from './models.js';
import type { ErasingService } from '../domain/erasure-schedule.js';

export interface ErasureRecord {
  userId: string;
  requestedAt: Date;
  completedAt: Date | null;
}

/** One service's part of an erasure: the outbox row the erasure job sends. */
export interface ErasureDeliveryRecord {
  userId: string;
  service: ErasingService;
  attempts: number;
  nextAttemptAt: Date;
  confirmedAt: Date | null;
  lastError: string | null;
}

const date = (value: unknown) => (value == null ? null : new Date(value as string));

function toDelivery(row: any): ErasureDeliveryRecord {
  return {
    userId: row.userId,
    service: row.service,
    attempts: Number(row.attempts),
    nextAttemptAt: new Date(row.nextAttemptAt),
    confirmedAt: date(row.confirmedAt),
    lastError: row.lastError ?? null,
  };
}

/** The erasures of deleted accounts and their per-service outbox. */
export class ErasureRepository {
  constructor(private readonly models: AuthModels) {}

  /** Written in the transaction of the soft delete, so a deleted account is never left unerased. */
  async record(
    userId: string,
    at: Date,
    schedule: ReadonlyArray<{ service: string; dueAt: Date }>,
    transaction: Tx,
  ): Promise<void> {
    await this.models.Erasure.create({ userId, requestedAt: at, completedAt: null }, { transaction });
    await this.models.ErasureDelivery.bulkCreate(
      schedule.map(({ service, dueAt }) => ({
        userId,
        service,
        attempts: 0,
        nextAttemptAt: dueAt,
        confirmedAt: null,
        lastError: null,
      })),
      { transaction },
    );
  }

  /**
   * Deliveries past their first due time and not confirmed (due now, or failing and backing off),
   * and the oldest such erasure's request time, for the outbox metrics. A part scheduled after
   * ERASURE_SERVICES_DELAY_MS counts from the request, so its age includes that delay.
   */
  async backlog(now: Date): Promise<{ pending: number; oldestDueAt: Date | null }> {
    const [row] = await this.models.ErasureDelivery.sequelize!.query<{
      pending: number | string;
      oldest: string | Date | null;
    }>(
      `SELECT COUNT(*) AS pending, MIN(e.requested_at) AS oldest
         FROM erasure_deliveries d JOIN erasures e ON e.user_id = d.user_id
        WHERE d.confirmed_at IS NULL AND (d.attempts > 0 OR d.next_attempt_at <= :now)`,
      { replacements: { now }, type: QueryTypes.SELECT },
    );
    return { pending: Number(row?.pending ?? 0), oldestDueAt: row?.oldest ? new Date(row.oldest) : null };
  }

  /** Rows whose next attempt is due; a service other than `first` only once that one confirmed. */
  async due(now: Date, limit: number, first: string): Promise<ErasureDeliveryRecord[]> {
    const rows = await this.models.ErasureDelivery.sequelize!.query(
      `SELECT d.user_id AS userId, d.service, d.attempts, d.next_attempt_at AS nextAttemptAt, d.confirmed_at AS confirmedAt, d.last_error AS lastError
         FROM erasure_deliveries d
        WHERE d.confirmed_at IS NULL AND d.next_attempt_at <= :now
          AND (d.service = :first OR NOT EXISTS (
                SELECT 1 FROM erasure_deliveries f WHERE f.user_id = d.user_id AND f.service = :first AND f.confirmed_at IS NULL))
        ORDER BY d.next_attempt_at
        LIMIT :limit`,
      { replacements: { now, first, limit }, type: QueryTypes.SELECT },
    );
    return rows.map(toDelivery);
  }

  /**
   * Takes a due row for this sender until `leaseUntil` by moving its next attempt there:
   * a replica that read the same row finds it no longer due and skips it. False when lost.
   */
  async claim(userId: string, service: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const [count] = await this.models.ErasureDelivery.update(
      { nextAttemptAt: leaseUntil },
      { where: { userId, service, confirmedAt: null, nextAttemptAt: { [Op.lte]: now } } },
    );
    return count === 1;
  }

  /** Marks the service's part done, and the erasure complete once no part is left pending. */
  async confirm(userId: string, service: string, attempts: number, at: Date): Promise<void> {
    await this.models.ErasureDelivery.update(
      { attempts, confirmedAt: at, lastError: null },
      { where: { userId, service, confirmedAt: null } },
    );
    const id = this.models.Erasure.sequelize!.escape(userId);
    await this.models.Erasure.update(
      { completedAt: at },
      {
        where: {
          userId,
          completedAt: null,
          [Op.and]: Sequelize.literal(
            `NOT EXISTS (SELECT 1 FROM erasure_deliveries WHERE user_id = ${id} AND confirmed_at IS NULL)`,
          ),
        },
      },
    );
  }

  async markFailed(
    userId: string,
    service: string,
    attempts: number,
    nextAttemptAt: Date,
    error: string,
  ): Promise<void> {
    await this.models.ErasureDelivery.update(
      { attempts, nextAttemptAt, lastError: error.slice(0, 500) },
      { where: { userId, service, confirmedAt: null } },
    );
  }

  async find(userId: string): Promise<{ erasure: ErasureRecord; deliveries: ErasureDeliveryRecord[] } | null> {
    const row: any = await this.models.Erasure.findByPk(userId, { raw: true });
    if (!row) return null;
    const deliveries = await this.models.ErasureDelivery.findAll({
      where: { userId },
      order: [['service', 'ASC']],
      raw: true,
    });
    return {
      erasure: { userId: row.userId, requestedAt: new Date(row.requestedAt), completedAt: date(row.completedAt) },
      deliveries: deliveries.map(toDelivery),
    };
  }
}
