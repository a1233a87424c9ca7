import { DataTypes, type Migration } from '@agora/db';

/**
 * Orders already taken out of their buyer's cart, keyed by the order id so a repeated
 * checkout step subtracts nothing more. `buyer_id` serves the erasure, `created_at` the purge.
 */
export const createCartPurchases: Migration = {
  name: '005-cart-purchases',
  up: async ({ queryInterface }) => {
    await queryInterface.createTable('cart_purchases', {
      order_id: { type: DataTypes.STRING(64), primaryKey: true },
      buyer_id: { type: DataTypes.STRING(64), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('cart_purchases', ['buyer_id'], { name: 'cart_purchases_buyer' });
    await queryInterface.addIndex('cart_purchases', ['created_at'], { name: 'cart_purchases_age' });
  },
};
