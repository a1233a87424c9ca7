import type { Middleware, Context } from 'koa';
import { AppError, DeadlinePassed, problemBody } from '@agora/errors';

/** Errors thrown by koa-bodyparser / raw-body carry an HTTP status and a type. */
function fromBodyParser(err: { status?: number; type?: string; message?: string }): AppError | undefined {
  if (err.status === 413 || err.type === 'entity.too.large')
    return new AppError('payload_too_large', 'The request body is larger than 1 MiB');
  if (err.status === 415) return new AppError('unsupported_media_type', 'Request bodies must be application/json');
  if (err.status === 400 || err.type === 'entity.parse.failed')
    return new AppError('validation_failed', 'The request body is not valid JSON');
  return undefined;
}

function send(ctx: Context, error: AppError) {
  ctx.status = error.status;
  ctx.type = 'application/problem+json';
  for (const [name, value] of Object.entries(error.headers ?? {})) ctx.set(name, value);
  ctx.body = problemBody(error.status, error.code, error.message, error.errors, ctx.path);
}

/**
 * The one place where errors become responses (RFC 9457 problem+json). Unknown
 * errors are logged and answered 500 `internal` with no detail of their own.
 */
export function problemResponses(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) send(ctx, new AppError('not_found', 'No such route'));
      else if (ctx.status === 405 && ctx.body === undefined) send(ctx, new AppError('not_found', 'No such route'));
    } catch (err) {
      if (err instanceof AppError) {
        if (err.code === 'service_unavailable' && !(err instanceof DeadlinePassed))
          ctx.state.log?.warn({ err: err.cause ?? err }, 'dependency unavailable');
        send(ctx, err);
        return;
      }
      // Whatever was thrown: only the parser's errors carry the status/type it reads.
      const parsed = fromBodyParser(err as never);
      if (parsed) {
        send(ctx, parsed);
        return;
      }
      (ctx.state.log ?? console).error({ err }, 'unhandled error');
      send(ctx, new AppError('internal', 'Something went wrong on our side'));
    }
  };
}
