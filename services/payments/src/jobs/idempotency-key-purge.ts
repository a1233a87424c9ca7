import { startPeriodicJob, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import type { IdempotencyKeyRepository } from '../data-access/idempotency-key-repository.js';

/**
 * Deletes completed idempotency keys past their retention (≥ 24 h) on a timer.
 * In-progress keys stay: their stale lock is resolved by a retry's takeover.
 */
export function startIdempotencyKeyPurge(
  keys: IdempotencyKeyRepository,
  options: { retentionHours: number; intervalSeconds: number; log: Logger },
): PeriodicJob {
  return startPeriodicJob(
    'idempotency_key_purge',
    async ({ log }) => {
      const deleted = await keys.purgeCompletedBefore(new Date(Date.now() - options.retentionHours * 3_600_000));
      if (deleted > 0) log.info({ event: 'idempotency_keys_purged', deleted }, 'purged idempotency keys');
    },
    { intervalMs: options.intervalSeconds * 1000, log: options.log },
  );
}
