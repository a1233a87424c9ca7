import { DataTypes, type Migration } from '@agora/db';

/**
 * Stock reservations of the checkout saga, keyed by the order id so a repeated
 * reserve finds the first one. `(status, expires_at)` serves the sweeper.
 */
export const createReservations: Migration = {
  name: '003-reservations',
  up: async ({ queryInterface }) => {
    await queryInterface.createTable('reservations', {
      order_id: { type: DataTypes.STRING(64), primaryKey: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      expires_at: { type: DataTypes.DATE(3), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('reservations', ['status', 'expires_at'], { name: 'reservations_expiry' });
    await queryInterface.createTable('reservation_lines', {
      order_id: { type: DataTypes.STRING(64), primaryKey: true },
      product_id: { type: DataTypes.STRING(36), primaryKey: true },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
    });
  },
};
