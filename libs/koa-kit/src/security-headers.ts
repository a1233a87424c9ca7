import helmet from 'helmet';
import type { Middleware } from 'koa';

/** One year, subdomains included: browsers that saw the API over TLS never try plain HTTP again. */
export const HSTS = 'max-age=31536000; includeSubDomains';

// JSON answers need nothing from a page: the strictest policy, no framing. A route that serves a
// page (the aggregator's /docs) sets its own Content-Security-Policy.
const setHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  // Only over TLS, decided per request below: HSTS on plain HTTP is ignored at best.
  strictTransportSecurity: false,
});

/**
 * Security headers on every response (helmet): nosniff, no framing, a deny-all CSP,
 * no referrer, same-origin resource policy, and HSTS when the request came over TLS (directly,
 * or per X-Forwarded-Proto from a trusted proxy).
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    await new Promise<void>((resolve, reject) =>
      setHeaders(ctx.req, ctx.res, (err?: unknown) => (err ? reject(err) : resolve())),
    );
    if (ctx.secure) ctx.set('Strict-Transport-Security', HSTS);
    await next();
  };
}
