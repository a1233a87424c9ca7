import { randomUUID } from 'node:crypto';
import { startPeriodicJob, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import { runWithContext } from '@agora/request-context';
import type { IdempotencyStore } from '../../data-access/idempotency-store.js';
import type { SagaLog } from '../../data-access/saga-log.js';
import type { CancelOrder } from './cancel-order.js';
import { BACKED_OUT, type CheckoutSaga } from './checkout-saga.js';
import type { SagaRecord } from './saga-record.js';

/** Sagas driven at once: each is a handful of calls, and a batch's leases must outlive it. */
const BATCH = 8;
const MAX_PER_RUN = 64;

/**
 * The periodic job that drives every abandoned saga (its driver crashed, froze, or a
 * service was down) to a consistent end: a checkout ends paid with stock taken, or
 * unpaid with stock back; a cancel ends refunded and restocked. Runs at start and then
 * every `intervalMs`; leases keep replicas from driving the same saga twice. Each saga
 * is driven under a deadline of its own, which every service it calls enforces.
 */
export class SagaRecovery {
  private job?: PeriodicJob;

  constructor(
    private readonly deps: {
      sagas: SagaLog;
      keys: IdempotencyStore;
      checkout: CheckoutSaga;
      cancel: CancelOrder;
      log: Logger;
    },
    private readonly options: { intervalMs: number; leaseMs: number; deadlineMs: number; keyRetentionMs: number },
  ) {}

  start(): void {
    this.job = startPeriodicJob('saga_recovery', () => this.runOnce(), {
      intervalMs: this.options.intervalMs,
      log: this.deps.log,
      runAtStart: true,
    });
  }

  async stop(): Promise<void> {
    await this.job?.stop();
  }

  async runOnce(): Promise<void> {
    for (let driven = 0; driven < MAX_PER_RUN;) {
      const batch = await this.deps.sagas.claimAbandoned(BATCH, this.options.leaseMs);
      await Promise.all(batch.map((saga) => this.recover(saga)));
      driven += batch.length;
      if (batch.length < BATCH) break;
    }
    await this.answerKeysLeftBehind();
    await this.deps.keys.purgeOlderThan(this.options.keyRetentionMs);
    await this.deps.sagas.purgeFinishedOlderThan(this.options.keyRetentionMs);
  }

  private recover(saga: SagaRecord): Promise<void> {
    const { checkout, cancel, log } = this.deps;
    const requestId = randomUUID();
    const context = {
      requestId,
      propagate: { 'x-request-id': requestId },
      userId: saga.buyer.id,
      deadline: Date.now() + this.options.deadlineMs,
    };
    return runWithContext(context, async () => {
      try {
        const response =
          saga.kind === 'checkout' ? await checkout.drive(saga, { recovering: true }) : await cancel.drive(saga);
        log.info(
          {
            event: 'saga_recovered',
            req_id: requestId,
            saga_id: saga.id,
            kind: saga.kind,
            step: saga.step,
            state: saga.state,
            status: response.status,
          },
          'saga driven to an end',
        );
      } catch (err) {
        log.warn(
          {
            event: 'saga_recovery_deferred',
            req_id: requestId,
            saga_id: saga.id,
            kind: saga.kind,
            step: saga.step,
            attempts: saga.attempts,
            err,
          },
          'saga not finished yet; will retry',
        );
      }
    });
  }

  /** Keys that an earlier version left in progress behind an ended saga get that saga's answer. */
  private async answerKeysLeftBehind(): Promise<void> {
    const { sagas, keys, checkout, log } = this.deps;
    for (const key of await keys.unansweredKeys(MAX_PER_RUN)) {
      const saga = await sagas.get(key.sagaId);
      if (!saga) continue;
      try {
        const response =
          saga.state === 'completed' ? await checkout.answerOfCompleted(saga) : (saga.failure ?? BACKED_OUT());
        await keys.answer(key.userId, key.key, saga.orderId, response);
        log.info(
          { event: 'idempotency_key_answered', saga_id: saga.id, status: response.status },
          'key left in progress behind an ended saga answered',
        );
      } catch (err) {
        log.warn(
          { event: 'idempotency_key_answer_deferred', saga_id: saga.id, err },
          'could not answer the key yet; will retry',
        );
      }
    }
  }
}
