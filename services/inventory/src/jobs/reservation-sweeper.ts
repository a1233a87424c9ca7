import { startPeriodicJob, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import type { StockReservations } from '../domain/reservation.js';

/**
 * Returns the stock of checkouts that never confirmed (a crashed saga, an abandoned
 * payment): every interval, expired reservations are released. One sweep at a time.
 */
export function startReservationSweeper(reservations: StockReservations, intervalMs: number, log: Logger): PeriodicJob {
  return startPeriodicJob(
    'reservation_sweep',
    async ({ log }) => {
      const released = await reservations.releaseExpired();
      if (released > 0) log.info({ event: 'reservations_expired', released }, 'released expired reservations');
    },
    { intervalMs, log },
  );
}
