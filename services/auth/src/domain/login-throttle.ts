import type { Transaction } from '@agora/db';
import { TooManyRequests } from '@agora/errors';
import type { LoginFailureRepository } from '../data-access/login-failure-repository.js';

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;

/**
 * Slows password guessing per email: after MAX_FAILURES failures in a window of
 * WINDOW_MS, every attempt is refused (even with the right password) until the
 * window passes. A success clears the count. Unknown emails are counted too, so the
 * answer does not tell whether an account exists.
 */
export class LoginThrottle {
  constructor(private readonly failures: LoginFailureRepository) {}

  async assertAllowed(email: string, now = new Date()): Promise<void> {
    const window = await this.failures.find(email);
    if (!window || window.failures < MAX_FAILURES) return;
    const endsAt = window.windowStartedAt.getTime() + WINDOW_MS;
    if (endsAt <= now.getTime()) return;
    throw new TooManyRequests('Too many failed logins for this email; try again later', (endsAt - now.getTime()) / 1000);
  }

  async recordFailure(email: string, now = new Date()): Promise<void> {
    await this.failures.recordFailure(email, now, new Date(now.getTime() - WINDOW_MS));
  }

  async reset(email: string): Promise<void> {
    await this.failures.clear(email);
  }

  /** Drops the email's window: a deleted account leaves no trace of its email here. */
  async forget(email: string, transaction: Transaction): Promise<void> {
    await this.failures.clear(email, transaction);
  }
}
