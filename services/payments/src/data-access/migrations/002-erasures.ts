import { DataTypes, type Migration } from '@agora/db';

/** Users erased from this service (their account was deleted): when, and nothing else. */
export const erasures: Migration = {
  name: '002-erasures',
  up: async ({ queryInterface: q }) => {
    await q.createTable('erasures', {
      user_id: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      erased_at: { type: DataTypes.DATE(3), allowNull: false },
    });
  },
};
