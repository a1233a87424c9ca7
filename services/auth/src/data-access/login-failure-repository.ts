import { Op, Sequelize, isUniqueViolation, type Transaction } from '@agora/db';
import type { AuthModels } from './models.js';

export interface FailureWindow {
  failures: number;
  windowStartedAt: Date;
}

/**
 * Failed logins per email in a fixed window, kept in the database so every replica
 * sees the same count. Each change is one atomic statement (no read-modify-write).
 */
export class LoginFailureRepository {
  constructor(private readonly models: AuthModels) {}

  async find(email: string): Promise<FailureWindow | null> {
    const row: any = await this.models.LoginFailure.findByPk(email, { raw: true });
    return row ? { failures: row.failures, windowStartedAt: new Date(row.windowStartedAt) } : null;
  }

  /** Counts one failure in the window open since after `windowOpenSince`, or opens a new window at `now`. */
  async recordFailure(email: string, now: Date, windowOpenSince: Date): Promise<void> {
    const { LoginFailure } = this.models;
    for (let attempt = 0; attempt < 3; attempt++) {
      const [counted] = await LoginFailure.update(
        { failures: Sequelize.literal('failures + 1') },
        { where: { email, windowStartedAt: { [Op.gt]: windowOpenSince } } },
      );
      if (counted > 0) return;
      const [reopened] = await LoginFailure.update({ failures: 1, windowStartedAt: now }, { where: { email, windowStartedAt: { [Op.lte]: windowOpenSince } } });
      if (reopened > 0) return;
      try {
        await LoginFailure.create({ email, failures: 1, windowStartedAt: now });
        return;
      } catch (err) {
        // Another replica opened the window at the same moment: count into it.
        if (!isUniqueViolation(err)) throw err;
      }
    }
  }

  async clear(email: string, transaction?: Transaction): Promise<void> {
    await this.models.LoginFailure.destroy({ where: { email }, transaction });
  }
}
