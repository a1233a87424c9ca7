import { startPeriodicJob, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import type { IdempotencyStore } from '../../data-access/idempotency-store.js';
import type { SagaLog } from '../../data-access/saga-log.js';
import type { CancelOrder } from './cancel-order.js';
import type { CheckoutSaga } from './checkout-saga.js';

/**
 * The periodic job that drives every abandoned saga (its driver crashed, or a service
 * was down) to a consistent end: a checkout ends paid with stock taken, or unpaid
 * with stock back; a cancel ends refunded and restocked. Runs at start and then every
 * `intervalMs`; leases keep replicas from driving the same saga twice.
 */
export class SagaRecovery {
  private job?: PeriodicJob;

  constructor(
    private readonly deps: { sagas: SagaLog; keys: IdempotencyStore; checkout: CheckoutSaga; cancel: CancelOrder; log: Logger },
    private readonly options: { intervalMs: number; leaseMs: number; keyRetentionMs: number },
  ) {}

  start(): void {
    this.job = startPeriodicJob('saga_recovery', () => this.runOnce(), { intervalMs: this.options.intervalMs, log: this.deps.log, runAtStart: true });
  }

  async stop(): Promise<void> {
    await this.job?.stop();
  }

  async runOnce(): Promise<void> {
    const { sagas, keys, checkout, cancel, log } = this.deps;
    for (const saga of await sagas.claimAbandoned(50, this.options.leaseMs)) {
      try {
        const response = saga.kind === 'checkout' ? await checkout.drive(saga, { recovering: true }) : await cancel.drive(saga);
        if (saga.idempotencyKey) await keys.complete(saga.buyer.id, saga.idempotencyKey, response);
        log.info({ event: 'saga_recovered', saga_id: saga.id, kind: saga.kind, step: saga.step, state: saga.state, status: response.status }, 'saga driven to an end');
      } catch (err) {
        log.warn({ event: 'saga_recovery_deferred', saga_id: saga.id, kind: saga.kind, step: saga.step, attempts: saga.attempts, err }, 'saga not finished yet; will retry');
      }
    }
    await keys.purgeOlderThan(this.options.keyRetentionMs);
    await sagas.purgeFinishedOlderThan(this.options.keyRetentionMs);
  }
}
