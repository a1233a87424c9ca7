import { env, z } from '@agora/config';

/**
 * Rate limits, login throttling, proxies and CORS: the aggregator's defences against abuse
 * (docs/security.md). Limits count per client IP and, behind a token, per account too, in
 * fixed windows of RATE_LIMIT_WINDOW_SECONDS. The defaults are sized for real clients; the
 * test kit raises them (libs/test-kit/src/system.ts) so tests that hammer the system on
 * purpose are never refused.
 */
export const abuseShape = {
  /** Unset: limits are counted in this process's memory. Set: in Redis, shared by every replica. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Prefix of every key the limiters write to Redis (one prefix per deployment sharing a Redis). */
  RATE_LIMIT_KEY_PREFIX: env.string('agora-rl'),
  RATE_LIMIT_WINDOW_SECONDS: env.int(60, 1, 3600),
  /** POST /auth/login, /auth/signup, /auth/refresh, /auth/logout: per client IP. */
  RATE_LIMIT_AUTH: env.int(30, 1, 10_000_000),
  /** Every other POST, PUT, PATCH and DELETE (checkout included): per client IP and per account. */
  RATE_LIMIT_WRITES: env.int(300, 1, 10_000_000),
  /** Every GET (catalog, orders, docs, JWKS): per client IP and per account. */
  RATE_LIMIT_READS: env.int(1200, 1, 10_000_000),
  /**
   * Failed logins from one client IP, any accounts, within LOGIN_IP_FAILURE_WINDOW_SECONDS
   * before its logins are refused (credential stuffing). Each block lasts
   * LOGIN_IP_BLOCK_SECONDS, doubling with every further block within a day (backoff), at most a day.
   * The 10-failures rule of API.md is kept by auth per (email, client IP), so nobody can lock
   * an account out from their own address.
   */
  LOGIN_IP_FAILURES: env.int(100, 1, 10_000_000),
  LOGIN_IP_FAILURE_WINDOW_SECONDS: env.int(900, 1, 86_400),
  LOGIN_IP_BLOCK_SECONDS: env.int(900, 1, 86_400),
  /**
   * How many proxies in front of the aggregator append to X-Forwarded-For (the Istio ingress
   * gateway: 1). The client IP is the address that many hops from the right; entries further
   * left are written by the client and never trusted. 0: the socket's peer address.
   */
  TRUSTED_PROXY_HOPS: env.int(1, 0, 10),
  /** Comma-separated origins allowed to call the API from a browser; empty: no CORS headers at all. */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine(
      (origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)),
      'each origin must be scheme://host[:port]',
    ),
};
