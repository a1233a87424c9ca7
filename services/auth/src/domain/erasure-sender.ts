import { backoffDelay, startPeriodicJob, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import type { ErasureRepository } from '../data-access/erasure-repository.js';
import type { ErasureEndpoints } from '../data-access/erasure-services.js';

export interface ErasureSenderOptions {
  intervalMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed row is left to this sender before another replica may take it. */
  leaseMs: number;
  batchSize?: number;
}

/**
 * Sends the erasure outbox to the services until each confirms. The outbox is in the
 * database, so erasures survive restarts; a failed call waits twice as long before each
 * new attempt, up to a ceiling. Each row is claimed before the call, so two auth replicas
 * do not both send it (a double send would be harmless: the endpoints are idempotent).
 */
export class ErasureSender {
  private job?: PeriodicJob;

  constructor(
    private readonly erasures: ErasureRepository,
    private readonly endpoints: ErasureEndpoints,
    private readonly log: Logger,
    private readonly options: ErasureSenderOptions,
  ) {}

  start(): void {
    this.job = startPeriodicJob('erasure_sender', async ({ log }) => void (await this.sendDue(new Date(), log)), { intervalMs: this.options.intervalMs, log: this.log });
  }

  async stop(): Promise<void> {
    await this.job?.stop();
  }

  /** One pass over the due rows; returns how many services confirmed. `log`: the pass's, with its req_id. */
  async sendDue(now = new Date(), log = this.log): Promise<number> {
    let confirmed = 0;
    for (const row of await this.erasures.due(now, this.options.batchSize ?? 50)) {
      const claimedAt = new Date();
      if (!(await this.erasures.claim(row.userId, row.service, claimedAt, new Date(claimedAt.getTime() + this.options.leaseMs)))) continue;
      const attempts = row.attempts + 1;
      try {
        await this.endpoints.erase(row.service, row.userId);
        await this.erasures.confirm(row.userId, row.service, attempts, new Date());
        log.info({ event: 'erasure_confirmed', user_id: row.userId, target: row.service, attempts }, 'erasure confirmed');
        confirmed++;
      } catch (err) {
        const delay = backoffDelay(attempts, this.options.backoffMs, this.options.maxBackoffMs);
        await this.erasures.markFailed(row.userId, row.service, attempts, new Date(Date.now() + delay), String((err as Error).message));
        log.warn({ event: 'erasure_failed', user_id: row.userId, target: row.service, attempts, retry_in_ms: delay, err }, 'erasure call failed');
      }
    }
    return confirmed;
  }
}
