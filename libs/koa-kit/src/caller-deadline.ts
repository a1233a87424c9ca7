import type { Middleware } from 'koa';
import { DeadlinePassed, ValidationFailed } from '@agora/errors';
import { DEADLINE_HEADER } from '@agora/request-context';

/** Epoch ms as the http-client writes it; anything else is a caller's bug, refused loudly. */
const EPOCH_MS = /^\d{1,16}$/;

function parseDeadline(value: string): number {
  const deadline = Number(value);
  if (!EPOCH_MS.test(value) || !Number.isSafeInteger(deadline)) {
    throw new ValidationFailed(`The ${DEADLINE_HEADER} header is not valid`, [
      {
        path: `/headers/${DEADLINE_HEADER}`,
        message: 'must be an absolute time in epoch milliseconds, as a decimal integer',
      },
    ]);
  }
  return deadline;
}

/**
 * Services only: adopts the caller's deadline (`x-agora-deadline`). A request that arrives
 * after it — queued in a socket backlog, or in a process that was frozen — is answered 503
 * before anything else is done (no body parsing, no route, no database), since its caller
 * has already answered its own client. Otherwise the deadline becomes the request's, so
 * this service's own calls carry it on and its writes can check it before they commit
 * (`assertBeforeDeadline`). `skewMs` allows for clocks that differ between hosts.
 */
export function callerDeadline(options: { skewMs: number }): Middleware {
  return (ctx, next) => {
    const header = ctx.get(DEADLINE_HEADER);
    if (header === '') return next();
    const deadline = parseDeadline(header);
    const lateMs = Date.now() - deadline;
    if (lateMs > options.skewMs) {
      ctx.state.log?.warn({ event: 'deadline_passed', late_ms: lateMs }, "refused: the caller's deadline passed");
      throw new DeadlinePassed();
    }
    const context = ctx.state.requestContext;
    if (context) {
      context.deadline = deadline;
      context.deadlineSkewMs = options.skewMs;
    }
    return next();
  };
}
