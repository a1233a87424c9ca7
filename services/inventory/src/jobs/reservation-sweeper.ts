import type { Logger } from '@agora/logger';
import type { StockReservations } from '../domain/reservation.js';

export interface Job {
  stop(): Promise<void>;
}

/**
 * Returns the stock of checkouts that never confirmed (a crashed saga, an abandoned
 * payment): every interval, expired reservations are released. One sweep at a time.
 */
export function startReservationSweeper(reservations: StockReservations, intervalMs: number, log: Logger): Job {
  let running: Promise<void> | undefined;
  const sweep = async () => {
    try {
      const released = await reservations.releaseExpired();
      if (released > 0) log.info({ event: 'reservations_expired', released }, 'released expired reservations');
    } catch (err) {
      log.error({ err, event: 'reservation_sweep_failed' }, 'reservation sweep failed');
    }
  };
  const timer = setInterval(() => {
    running ??= sweep().finally(() => {
      running = undefined;
    });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
