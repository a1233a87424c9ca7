import type { Tx } from '../data-access/transactions.js';
import { TooManyRequests } from '@agora/errors';
import type { LoginAttempter, LoginFailureRepository } from '../data-access/login-failure-repository.js';

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;

/**
 * Slows password guessing per (email, client IP): after MAX_FAILURES failures in a window
 * of WINDOW_MS, every attempt from that address is refused (even with the right password)
 * until the window passes. A success clears the count. Counting per address means a
 * stranger's failures never lock the owner out from theirs; guessing across addresses and
 * accounts is the aggregator's per-IP failure limit (LOGIN_IP_FAILURES). Unknown emails are
 * counted too, so the answer does not tell whether an account exists.
 */
export class LoginThrottle {
  constructor(private readonly failures: LoginFailureRepository) {}

  async assertAllowed(attempter: LoginAttempter, now = new Date()): Promise<void> {
    const window = await this.failures.find(attempter);
    if (!window || window.failures < MAX_FAILURES) return;
    const endsAt = window.windowStartedAt.getTime() + WINDOW_MS;
    if (endsAt <= now.getTime()) return;
    throw new TooManyRequests(
      'Too many failed logins for this email from this address; try again later',
      (endsAt - now.getTime()) / 1000,
    );
  }

  async recordFailure(attempter: LoginAttempter, now = new Date()): Promise<void> {
    await this.failures.recordFailure(attempter, now, new Date(now.getTime() - WINDOW_MS));
  }

  async reset(attempter: LoginAttempter): Promise<void> {
    await this.failures.clear(attempter);
  }

  /** Drops the email's windows: a deleted account leaves no trace of its email here. */
  async forget(email: string, transaction: Tx): Promise<void> {
    await this.failures.clearEmail(email, transaction);
  }
}
