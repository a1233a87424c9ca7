import { DataTypes } from '@agora/db';
import type { Migration } from '@agora/db';

/** Users (soft-deleted rows stay as tombstones), refresh tokens by family, and login failure windows. */
export const accounts: Migration = {
  name: '001-accounts',
  async up({ queryInterface }) {
    await queryInterface.createTable('users', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      email: { type: DataTypes.STRING(254), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(100), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      password_hash: { type: DataTypes.STRING(255), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
      deleted_at: { type: DataTypes.DATE(3), allowNull: true },
    });
    await queryInterface.addIndex('users', ['created_at', 'id'], { name: 'users_created_at_id' });
    await queryInterface.addIndex('users', ['deleted_at'], { name: 'users_deleted_at' });

    await queryInterface.createTable('refresh_tokens', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      user_id: { type: DataTypes.STRING(36), allowNull: false },
      family_id: { type: DataTypes.STRING(36), allowNull: false },
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      expires_at: { type: DataTypes.DATE(3), allowNull: false },
      rotated_at: { type: DataTypes.DATE(3), allowNull: true },
      revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    });
    await queryInterface.addIndex('refresh_tokens', ['family_id'], { name: 'refresh_tokens_family' });
    await queryInterface.addIndex('refresh_tokens', ['user_id'], { name: 'refresh_tokens_user' });

    await queryInterface.createTable('login_failures', {
      email: { type: DataTypes.STRING(254), primaryKey: true },
      failures: { type: DataTypes.INTEGER, allowNull: false },
      window_started_at: { type: DataTypes.DATE(3), allowNull: false },
    });
  },
};
