import { DataTypes } from '@agora/db';
import type { Migration } from '@agora/db';

/**
 * Erasure requests of deleted accounts, and their outbox: one row per service that must
 * erase the user, written with the soft delete and sent by a job until the service confirms.
 */
export const erasures: Migration = {
  name: '002-erasures',
  async up({ queryInterface }) {
    await queryInterface.createTable('erasures', {
      user_id: { type: DataTypes.STRING(36), primaryKey: true },
      requested_at: { type: DataTypes.DATE(3), allowNull: false },
      completed_at: { type: DataTypes.DATE(3), allowNull: true },
    });
    await queryInterface.createTable('erasure_deliveries', {
      user_id: { type: DataTypes.STRING(36), primaryKey: true },
      service: { type: DataTypes.STRING(32), primaryKey: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      // Also the lease: a sender moves it forward before calling, so other replicas skip the row.
      next_attempt_at: { type: DataTypes.DATE(3), allowNull: false },
      confirmed_at: { type: DataTypes.DATE(3), allowNull: true },
      last_error: { type: DataTypes.STRING(500), allowNull: true },
    });
    await queryInterface.addIndex('erasure_deliveries', ['confirmed_at', 'next_attempt_at'], {
      name: 'erasure_deliveries_due',
    });
  },
};
