import type { AggregatorConfig } from '../config.js';
import type { RouteLimits, Limit } from '../api/rate-limits.js';
import { LoginFailuresByIp } from '../domain/login-failures-by-ip.js';
import type { LimiterStore } from './limiter-store.js';

/** The limiters the config asks for, counting in `store` (memory, or Redis shared by the replicas). */
export function abuseLimits(
  config: AggregatorConfig,
  store: LimiterStore,
): { limits: RouteLimits; loginFailures: LoginFailuresByIp } {
  const windowSeconds = config.RATE_LIMIT_WINDOW_SECONDS;
  const limit = (name: string, points: number): Limit => ({
    limiter: store.limiter({ name, points, durationSeconds: windowSeconds }),
    points,
    windowSeconds,
  });
  const limits: RouteLimits = {
    auth: { byClient: limit('auth-ip', config.RATE_LIMIT_AUTH) },
    writes: {
      byClient: limit('writes-ip', config.RATE_LIMIT_WRITES),
      byAccount: limit('writes-account', config.RATE_LIMIT_WRITES),
    },
    reads: {
      byClient: limit('reads-ip', config.RATE_LIMIT_READS),
      byAccount: limit('reads-account', config.RATE_LIMIT_READS),
    },
  };
  const loginFailures = new LoginFailuresByIp(
    store.limiter({
      name: 'login-failures-ip',
      points: config.LOGIN_IP_FAILURES,
      durationSeconds: config.LOGIN_IP_FAILURE_WINDOW_SECONDS,
    }),
    store.limiter({ name: 'login-blocks-ip', points: 1_000, durationSeconds: 86_400 }),
    config.LOGIN_IP_BLOCK_SECONDS,
  );
  return { limits, loginFailures };
}
