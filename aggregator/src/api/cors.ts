import cors from '@koa/cors';
import type { Middleware } from 'koa';

/**
 * Browsers may call the API from the configured origins only (CORS_ALLOWED_ORIGINS). With
 * none configured there is no CORS at all: no Access-Control-* header on any response, so
 * browsers keep the same-origin policy. Bearer tokens, not cookies: no credentials mode.
 */
export function corsFor(allowedOrigins: string[]): Middleware[] {
  if (allowedOrigins.length === 0) return [];
  const allowed = new Set(allowedOrigins);
  return [
    cors({
      // @koa/cors sends no CORS headers when this returns ''.
      origin: (ctx) => (allowed.has(ctx.get('origin')) ? ctx.get('origin') : ''),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'WWW-Authenticate'],
      maxAge: 600,
    }),
  ];
}
