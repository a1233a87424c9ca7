import type { Logger } from '@agora/logger';
import { backoffDelay } from './backoff.js';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.js';

/** A row of an outbox: a message written in the transaction of the change it reports. */
export interface OutboxRow {
  attempts: number;
}

/** The table an outbox sender works through (a repository of the service implements it). */
export interface Outbox<Row extends OutboxRow> {
  /** Rows whose next attempt is due, the longest waiting first. */
  due(now: Date, limit: number): Promise<Row[]>;
  /**
   * Takes a due row for this sender until `leaseUntil`, so that two replicas do not both send
   * it; false when another one took it. Without it a row may be sent twice (the receiver is idempotent).
   */
  claim?(row: Row, now: Date, leaseUntil: Date): Promise<boolean>;
  markSent(row: Row, attempts: number, at: Date): Promise<void>;
  markFailed(row: Row, attempts: number, nextAttemptAt: Date, error: string): Promise<void>;
}

export interface OutboxSenderOptions<Row extends OutboxRow> {
  /** The job's name (`<name>_failed` when a whole pass fails). */
  name: string;
  /** Resolves once the receiver confirmed the row (2xx); rejects otherwise. */
  send(row: Row): Promise<void>;
  /** The log fields naming a row, and the events logged when it is sent and when a send failed. */
  describe(row: Row): Record<string, unknown>;
  events: { sent?: string; failed: string };
  log: Logger;
  intervalMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed row is left to this sender: longer than a send takes. Needed with `claim`. */
  leaseMs?: number;
  batchSize?: number;
}

/**
 * Sends an outbox until each row is confirmed. The outbox is in the database, so messages
 * survive restarts; a failed send waits twice as long before each new attempt, up to a ceiling.
 */
export class OutboxSender<Row extends OutboxRow> {
  constructor(
    private readonly outbox: Outbox<Row>,
    private readonly options: OutboxSenderOptions<Row>,
  ) {
    if (outbox.claim && options.leaseMs === undefined)
      throw new Error(`${options.name}: an outbox that claims rows needs leaseMs`);
  }

  start(): PeriodicJob {
    return startPeriodicJob(this.options.name, async ({ log }) => void (await this.sendDue(new Date(), log)), {
      intervalMs: this.options.intervalMs,
      log: this.options.log,
    });
  }

  /** One pass over the due rows; returns how many were confirmed. `log`: the pass's, with its req_id. */
  async sendDue(now = new Date(), log = this.options.log): Promise<number> {
    const { events } = this.options;
    let sent = 0;
    for (const row of await this.outbox.due(now, this.options.batchSize ?? 50)) {
      const claimedAt = new Date();
      if (
        this.outbox.claim &&
        !(await this.outbox.claim(row, claimedAt, new Date(claimedAt.getTime() + this.options.leaseMs!)))
      )
        continue;
      const attempts = row.attempts + 1;
      try {
        await this.options.send(row);
        await this.outbox.markSent(row, attempts, new Date());
        if (events.sent)
          log.info({ event: events.sent, ...this.options.describe(row), attempts }, events.sent.replace(/_/g, ' '));
        sent++;
      } catch (err) {
        const delay = backoffDelay(attempts, this.options.backoffMs, this.options.maxBackoffMs);
        await this.outbox.markFailed(row, attempts, new Date(Date.now() + delay), String((err as Error).message));
        log.warn(
          { event: events.failed, ...this.options.describe(row), attempts, retry_in_ms: delay, err },
          events.failed.replace(/_/g, ' '),
        );
      }
    }
    return sent;
  }
}
