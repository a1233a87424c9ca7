import type { Middleware } from 'koa';
import type { Logger } from '@agora/logger';

/**
 * Gives each request a child logger (`ctx.state.log`) and writes one line when it
 * ends: req_id, trace id, user id, method, route, status and duration. `skip` writes
 * none (health checks); `quiet` writes a success at debug level only (a route other
 * processes poll every second would otherwise flood the log), a failure as usual.
 */
export function logRequests(
  log: Logger,
  options: { skip?: (path: string) => boolean; quiet?: (path: string) => boolean } = {},
): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const context = ctx.state.requestContext;
    ctx.state.log = log.child({ req_id: ctx.state.requestId, trace_id: context?.traceId }, true);
    try {
      await next();
    } finally {
      if (!options.skip?.(ctx.path)) {
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
        const status = ctx.status;
        const line = {
          event: 'request',
          method: ctx.method,
          path: ctx.path,
          route: ctx._matchedRoute ?? null,
          status,
          duration_ms: Math.round(durationMs * 100) / 100,
          user_id: ctx.state.caller?.id ?? context?.userId,
        };
        if (status >= 500) ctx.state.log.error(line, 'request failed');
        else if (status < 400 && options.quiet?.(ctx.path)) ctx.state.log.debug(line, 'request');
        else ctx.state.log.info(line, 'request');
      }
    }
  };
}
