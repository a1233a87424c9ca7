import type { Logger } from '@agora/logger';

export interface PeriodicJob {
  /** Stops the timer and waits for the pass in flight. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` in the background — outboxes, sweepers, purges,
 * recovery. Passes never overlap; a failed pass is logged as `<name>_failed` and the next
 * one runs on schedule; the timer never keeps the process alive.
 */
export function startPeriodicJob(name: string, pass: () => Promise<void>, options: { intervalMs: number; log: Logger; runAtStart?: boolean }): PeriodicJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = pass()
      .catch((err) => options.log.error({ event: `${name}_failed`, err }, `${name.replace(/_/g, ' ')} failed`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  if (options.runAtStart) tick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
