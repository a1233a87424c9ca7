import { OutboxSender, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import type { ErasureDeliveryRecord, ErasureRepository } from '../data-access/erasure-repository.js';
import type { ErasureEndpoints } from '../data-access/erasure-endpoints.js';
import { ERASES_FIRST } from '../domain/erasure-schedule.js';

export interface ErasureSenderOptions {
  intervalMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed row is left to this sender before another replica may take it. */
  leaseMs: number;
}

/**
 * Sends the erasure outbox to the processes until each confirms, ERASES_FIRST before the
 * others. Each row is claimed before the call, so two auth replicas do not both send it
 * (a double send would be harmless: the endpoints are idempotent).
 */
export function startErasureSender(
  erasures: ErasureRepository,
  endpoints: ErasureEndpoints,
  log: Logger,
  options: ErasureSenderOptions,
): PeriodicJob {
  const outbox = {
    due: (now: Date, limit: number) => erasures.due(now, limit, ERASES_FIRST),
    claim: (row: ErasureDeliveryRecord, now: Date, leaseUntil: Date) =>
      erasures.claim(row.userId, row.service, now, leaseUntil),
    markSent: (row: ErasureDeliveryRecord, attempts: number, at: Date) =>
      erasures.confirm(row.userId, row.service, attempts, at),
    markFailed: (row: ErasureDeliveryRecord, attempts: number, next: Date, error: string) =>
      erasures.markFailed(row.userId, row.service, attempts, next, error),
  };
  return new OutboxSender(outbox, {
    name: 'erasure_sender',
    send: (row) => endpoints.erase(row.service, row.userId),
    describe: (row) => ({ user_id: row.userId, target: row.service }),
    events: { sent: 'erasure_confirmed', failed: 'erasure_failed' },
    log,
    ...options,
  }).start();
}
