import { DataTypes } from '@agora/db';
import type { Migration } from '@agora/db';

/**
 * Failed logins are counted per (email, client IP), no longer per email alone: a stranger's
 * failures must not lock the account's owner out. The per-email windows are dropped (they
 * last 15 minutes at most).
 */
export const loginFailuresPerClient: Migration = {
  name: '004-login-failures-per-client',
  async up({ queryInterface }) {
    await queryInterface.createTable('login_failures_by_client', {
      email: { type: DataTypes.STRING(254), primaryKey: true },
      client_ip: { type: DataTypes.STRING(45), primaryKey: true },
      failures: { type: DataTypes.INTEGER, allowNull: false },
      window_started_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.dropTable('login_failures');
  },
};
