import { Op, Sequelize, isUniqueViolation } from '@agora/db';
import type { Tx } from './transactions.js';
import type { AuthModels } from './models.js';

export interface FailureWindow {
  failures: number;
  windowStartedAt: Date;
}

/** Whose failures are counted together: one email from one client address. */
export interface LoginAttempter {
  email: string;
  clientIp: string;
}

/**
 * Failed logins per (email, client IP) in a fixed window, kept in the database so every replica
 * sees the same count. Each change is one atomic statement (no read-modify-write).
 */
export class LoginFailureRepository {
  constructor(private readonly models: AuthModels) {}

  async find({ email, clientIp }: LoginAttempter): Promise<FailureWindow | null> {
    const row: any = await this.models.LoginFailure.findOne({ where: { email, clientIp }, raw: true });
    return row ? { failures: row.failures, windowStartedAt: new Date(row.windowStartedAt) } : null;
  }

  /** Counts one failure in the window open since after `windowOpenSince`, or opens a new window at `now`. */
  async recordFailure(attempter: LoginAttempter, now: Date, windowOpenSince: Date): Promise<void> {
    const { LoginFailure } = this.models;
    const { email, clientIp } = attempter;
    for (let attempt = 0; attempt < 3; attempt++) {
      const [counted] = await LoginFailure.update(
        { failures: Sequelize.literal('failures + 1') },
        { where: { email, clientIp, windowStartedAt: { [Op.gt]: windowOpenSince } } },
      );
      if (counted > 0) return;
      const [reopened] = await LoginFailure.update(
        { failures: 1, windowStartedAt: now },
        { where: { email, clientIp, windowStartedAt: { [Op.lte]: windowOpenSince } } },
      );
      if (reopened > 0) return;
      try {
        await LoginFailure.create({ email, clientIp, failures: 1, windowStartedAt: now });
        return;
      } catch (err) {
        // Another replica opened the window at the same moment: count into it.
        if (!isUniqueViolation(err)) throw err;
      }
    }
  }

  async clear({ email, clientIp }: LoginAttempter): Promise<void> {
    await this.models.LoginFailure.destroy({ where: { email, clientIp } });
  }

  /** Every window of the email, whatever the address. */
  async clearEmail(email: string, transaction?: Tx): Promise<void> {
    await this.models.LoginFailure.destroy({ where: { email }, transaction });
  }
}
