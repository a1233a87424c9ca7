import type { Middleware } from 'koa';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { TooManyRequests } from '@agora/errors';
import type { AppState } from '@agora/koa-kit';

/** Strict for the credential routes, moderate for writes (checkout included), generous for reads. */
export type RouteClass = 'auth' | 'writes' | 'reads';

export function routeClassOf(method: string, path: string): RouteClass {
  if (method === 'POST' && path.startsWith('/api/v1/auth/')) return 'auth';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'reads';
  return 'writes';
}

/** One fixed-window limit: `points` requests per `windowSeconds` per key. */
export interface Limit {
  limiter: RateLimiterAbstract;
  points: number;
  windowSeconds: number;
}

/** Per route class, the limit per client IP and (except for the credential routes, which have no caller) per account. */
export type RouteLimits = Record<RouteClass, { byClient: Limit; byAccount?: Limit }>;

interface Counted {
  policy: string;
  limit: Limit;
  res: RateLimiterRes;
  refused: boolean;
}

async function count(policy: string, limit: Limit, key: string): Promise<Counted | undefined> {
  try {
    return { policy, limit, res: await limit.limiter.consume(key), refused: false };
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return { policy, limit, res: outcome, refused: true };
    // A store failure with no insurance left: serve the request rather than refuse everyone.
    return undefined;
  }
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * Counts each request against its route class's limits and refuses it with 429
 * `too_many_requests` (Retry-After) once one is spent. Every counted response carries the
 * IETF RateLimit-Policy (every limit that applies) and RateLimit (the one closest to
 * refusing) headers, draft-ietf-httpapi-ratelimit-headers structured fields. Runs after
 * `authenticate`, so the account is known. Each refusal is counted by policy (`refusals`, the
 * rate-limit metrics).
 */
export function rateLimits(limits: RouteLimits, refusals?: { refused(policy: string): void }): Middleware<AppState> {
  return async (ctx, next) => {
    const routeClass = routeClassOf(ctx.method, ctx.path);
    const { byClient, byAccount } = limits[routeClass];
    const caller = ctx.state.caller;
    const counted = (
      await Promise.all([
        count(`${routeClass}-ip`, byClient, ctx.ip),
        caller && byAccount ? count(`${routeClass}-account`, byAccount, caller.id) : undefined,
      ])
    ).filter((c): c is Counted => c !== undefined);
    if (counted.length > 0) {
      ctx.set(
        'RateLimit-Policy',
        counted.map((c) => `"${c.policy}";q=${c.limit.points};w=${c.limit.windowSeconds}`).join(', '),
      );
      const tightest = counted.reduce((a, b) => (b.res.remainingPoints < a.res.remainingPoints ? b : a));
      ctx.set(
        'RateLimit',
        `"${tightest.policy}";r=${tightest.res.remainingPoints};t=${seconds(tightest.res.msBeforeNext)}`,
      );
    }
    const refused = counted.filter((c) => c.refused);
    if (refused.length > 0) {
      for (const c of refused) refusals?.refused(c.policy);
      const waitMs = Math.max(...refused.map((c) => c.res.msBeforeNext));
      throw new TooManyRequests(
        `Too many requests (${refused.map((c) => c.policy).join(', ')}); try again later`,
        waitMs / 1000,
      );
    }
    await next();
  };
}
