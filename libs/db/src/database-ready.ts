import type { Sequelize } from 'sequelize';

/** The readiness check every process shares: its own database answers (a failure means not ready). */
export function databaseReady(db: Sequelize): () => Promise<boolean> {
  return async () => {
    await db.authenticate();
    return true;
  };
}
