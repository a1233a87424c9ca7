import { DataTypes, type Migration } from '@agora/db';

/** One row per (user, product) in a cart; the cart itself is just its lines. */
export const createCarts: Migration = {
  name: '002-carts',
  up: async ({ queryInterface }) => {
    await queryInterface.createTable('cart_items', {
      user_id: { type: DataTypes.STRING(64), primaryKey: true },
      product_id: { type: DataTypes.STRING(36), primaryKey: true },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      added_at: { type: DataTypes.DATE(3), allowNull: false },
    });
  },
};
