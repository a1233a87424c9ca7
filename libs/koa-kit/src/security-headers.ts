import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * What helmet does to a response, recorded once: with these options every header is a constant
 * (no directive reads the request), so a request is given the recorded headers rather than a
 * run through helmet's dozen middleware and a promise around them.
 */
function recordedHeaders(): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const response = {
    setHeader: (name: string, value: string) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  let done = false;
  setHeaders({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be recorded');
  return { set, removed };
}

/**
 * Security headers on every response (helmet): nosniff, no framing, a deny-all CSP,
 * no referrer, same-origin resource policy, and HSTS when the request came over TLS (directly,
 * or per X-Forwarded-Proto from a trusted proxy).
 */
export function securityHeaders(): Middleware {
  const { set, removed } = recordedHeaders();
  return (ctx, next) => {
    const res = ctx.res;
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    if (ctx.secure) ctx.set('Strict-Transport-Security', HSTS);
    return next();
  };
}
