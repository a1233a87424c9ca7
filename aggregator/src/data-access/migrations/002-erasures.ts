import { DataTypes, type Migration } from '@agora/db';

/** Users erased from the aggregator's database (their account was deleted): when, and nothing else. */
export const erasures: Migration = {
  name: '002-erasures',
  async up({ queryInterface }) {
    await queryInterface.createTable('erasures', {
      user_id: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      erased_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    // The erasure looks up a user's sagas; finished ones would otherwise be found by a scan.
    await queryInterface.addIndex('sagas', ['buyer_id'], { name: 'sagas_buyer_id' });
  },
};
