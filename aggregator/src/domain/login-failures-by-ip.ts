import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { TooManyRequests } from '@agora/errors';

const DAY_SECONDS = 86_400;

/**
 * Failed logins per client IP across every account (credential stuffing). Once an IP has
 * failed `failures` times within a window its logins are refused for `blockSeconds`,
 * doubled for each earlier block within a day (backoff), at most a day. Keyed by IP only,
 * so an attacker's failures never refuse the victim's logins from another address; the
 * per-account rule (10 failures → 429) is auth's, per (email, client IP).
 */
export class LoginFailuresByIp {
  constructor(
    private readonly failures: RateLimiterAbstract,
    /** Counts blocks per IP over a day; sets how long the next block lasts. */
    private readonly blocks: RateLimiterAbstract,
    private readonly blockSeconds: number,
  ) {}

  async assertAllowed(ip: string): Promise<void> {
    const state = await this.failures.get(ip);
    if (state && state.consumedPoints >= this.failures.points) {
      throw new TooManyRequests('Too many failed logins from this address; try again later', state.msBeforeNext / 1000);
    }
  }

  async recordFailure(ip: string): Promise<void> {
    const counted = await this.failures
      .consume(ip)
      .catch((outcome: unknown) => (outcome instanceof RateLimiterRes ? outcome : undefined));
    // Exactly one failure is the limit's last (the count is atomic): it starts the block.
    if (counted?.consumedPoints !== this.failures.points) return;
    const blocks = await this.blocks
      .consume(ip)
      .catch((outcome: unknown) => (outcome instanceof RateLimiterRes ? outcome : undefined));
    const earlier = Math.max(0, (blocks?.consumedPoints ?? 1) - 1);
    await this.failures.block(ip, Math.min(DAY_SECONDS, this.blockSeconds * 2 ** earlier));
  }
}
