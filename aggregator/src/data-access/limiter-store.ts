import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '@agora/logger';

export interface LimiterOptions {
  /** Names the limiter's keys, e.g. `reads-ip`. */
  name: string;
  points: number;
  durationSeconds: number;
}

/**
 * Where the limiters count: this process's memory, or Redis when REDIS_URL is set so
 * that every aggregator replica counts against the same limits. A Redis that does not
 * answer falls back to counting in memory (the limiter's insurance), never to refusing
 * or waving everything through.
 */
export class LimiterStore {
  private readonly redis?: Redis;

  constructor(private readonly options: { redisUrl?: string; keyPrefix: string; log: Logger }) {
    if (!options.redisUrl) return;
    this.redis = new Redis(options.redisUrl, {
      // Fail fast into the insurance limiter instead of queueing commands while disconnected.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      commandTimeout: 500,
      lazyConnect: false,
    });
    this.redis.on('error', (err: Error) =>
      options.log.warn({ event: 'rate_limit_store_error', err: { message: err.message } }, 'redis unavailable'),
    );
  }

  /** Waits (briefly) for Redis to connect, so a fresh replica counts in Redis from its first request. */
  async connected(timeoutMs = 2_000): Promise<boolean> {
    const redis = this.redis;
    if (!redis) return true;
    if (redis.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (ready: boolean) => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      redis.on('ready', onReady);
    });
  }

  get kind(): 'redis' | 'memory' {
    return this.redis ? 'redis' : 'memory';
  }

  limiter({ name, points, durationSeconds }: LimiterOptions): RateLimiterAbstract {
    const keyPrefix = `${this.options.keyPrefix}:${name}`;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
    if (!this.redis) return memory;
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix,
      points,
      duration: durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  }

  async close(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
