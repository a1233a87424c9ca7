import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { PROPAGATED_HEADERS, runWithContext, type RequestContext } from '@agora/request-context';

const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

function traceIdOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const traceparent = headers.traceparent;
  if (typeof traceparent === 'string') {
    const parts = traceparent.split('-');
    if (parts.length >= 4 && /^[0-9a-f]{32}$/.test(parts[1])) return parts[1];
  }
  const b3 = headers['x-b3-traceid'] ?? (typeof headers.b3 === 'string' ? headers.b3.split('-')[0] : undefined);
  return typeof b3 === 'string' && /^[0-9a-f]{16,32}$/.test(b3) ? b3 : undefined;
}

/**
 * Gives every request an id (the caller's if it is well-formed), echoes it in
 * `X-Request-Id`, and keeps it with the trace headers in an async context so the
 * logger and the HTTP client find them without threading `ctx` through the domain.
 */
export function trackRequest(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const propagate: Record<string, string> = { 'x-request-id': requestId };
    for (const name of PROPAGATED_HEADERS) {
      const value = ctx.get(name);
      if (value && name !== 'x-request-id') propagate[name] = value;
    }
    const context: RequestContext = { requestId, traceId: traceIdOf(ctx.headers), propagate };
    ctx.state.requestId = requestId;
    ctx.state.requestContext = context;
    ctx.set('X-Request-Id', requestId);
    await runWithContext(context, () => next());
  };
}
