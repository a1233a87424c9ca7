import { DeadlinePassed } from '@agora/errors';
import { currentContext } from './context.js';

/**
 * Carries a request's deadline to every internal call: absolute epoch milliseconds, an integer
 * as a decimal string. Absolute rather than "ms left", so time spent queued (in a socket
 * backlog, in a frozen process) counts against it; the price is that hosts' clocks must agree.
 */
export const DEADLINE_HEADER = 'x-agora-deadline';

/** When the current request's caller gives up for good (its deadline plus the skew allowed), if it sent one. */
export function callerGivesUpAt(): number | undefined {
  const context = currentContext();
  return context?.deadline === undefined ? undefined : context.deadline + (context.deadlineSkewMs ?? 0);
}

/** Whether the current request's deadline (plus the skew allowed for a caller's) has passed. */
export function deadlinePassed(now = Date.now()): boolean {
  const context = currentContext();
  if (context?.deadline === undefined) return false;
  return now > context.deadline + (context.deadlineSkewMs ?? 0);
}

/**
 * Throws 503 DeadlinePassed once the deadline passed. Called right before a write commits,
 * inside its transaction, so a caller that already gave up gets nothing done in its name.
 */
export function assertBeforeDeadline(): void {
  if (deadlinePassed()) throw new DeadlinePassed();
}
