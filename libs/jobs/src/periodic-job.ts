import { randomUUID } from 'node:crypto';
import type { Logger } from '@agora/logger';
import { runWithContext } from '@agora/request-context';

export interface PeriodicJob {
  /** Stops the timer and waits for the pass in flight. */
  stop(): Promise<void>;
}

/** What one pass of a job runs under: its own request id, like a request's. */
export interface JobTick {
  /** Sent as `X-Request-Id` on every internal call of the pass (through the request context). */
  requestId: string;
  /** The job's logger with `req_id` (and `job`): the pass's lines join its calls' lines on the callees. */
  log: Logger;
}

/**
 * Runs `pass` every `intervalMs` in the background — outboxes, sweepers, purges,
 * recovery. Passes never overlap; a failed pass is logged as `<name>_failed` and the next
 * one runs on schedule; the timer never keeps the process alive. Each pass runs in a
 * request context of its own, as a request does, so the calls it makes carry one request id
 * per pass, and its log lines carry the same id.
 */
export function startPeriodicJob(
  name: string,
  pass: (tick: JobTick) => Promise<void>,
  options: { intervalMs: number; log: Logger; runAtStart?: boolean },
): PeriodicJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    const requestId = randomUUID();
    const log = options.log.child({ req_id: requestId, job: name });
    running = runWithContext({ requestId, propagate: { 'x-request-id': requestId } }, () => pass({ requestId, log }))
      .catch((err) => log.error({ event: `${name}_failed`, err }, `${name.replace(/_/g, ' ')} failed`))
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
