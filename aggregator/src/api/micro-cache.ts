import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';

interface Entry {
  body: string;
  etag: string;
  expiresAt: number;
}

/**
 * A micro-cache for public catalog reads: a 200 JSON answer is reused for `ttlMs`
 * (API.md lets public catalog pages be at most a second stale), concurrent misses of one
 * URL share a single upstream call, and every answer carries an ETag so clients can
 * revalidate with If-None-Match (304). Only for responses that are the same for every
 * caller; a `ttlMs` of 0 turns it off.
 */
export function microCache(options: { ttlMs: number; maxEntries?: number }): Middleware {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry | undefined>>();
  const maxEntries = options.maxEntries ?? 5_000;

  const answer = (ctx: Parameters<Middleware>[0], entry: Entry) => {
    ctx.set('ETag', entry.etag);
    ctx.set('Cache-Control', `public, max-age=${Math.floor(options.ttlMs / 1000)}`);
    if (ctx.get('if-none-match') === entry.etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = entry.body;
  };

  return async (ctx, next) => {
    if (options.ttlMs <= 0 || ctx.method !== 'GET') return next();
    const key = ctx.url;
    const cached = entries.get(key);
    if (cached && cached.expiresAt > Date.now()) return answer(ctx, cached);

    let pending = inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        await next();
        if (ctx.status !== 200 || ctx.body === undefined) return undefined;
        const body = JSON.stringify(ctx.body);
        const entry = {
          body,
          etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
          expiresAt: Date.now() + options.ttlMs,
        };
        entries.delete(key);
        entries.set(key, entry);
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
        return entry;
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
      const entry = await pending;
      if (entry) answer(ctx, entry);
      return;
    }
    // Another request is fetching this URL: wait for it, or fetch ourselves if it failed.
    const entry = await pending.catch(() => undefined);
    if (entry) return answer(ctx, entry);
    return next();
  };
}
