import { DataTypes, type Migration } from '@agora/db';

/**
 * Products. Each catalog sort has an index that yields rows already in order, so a
 * keyset page is one index range scan: (status, created_at, id) for newest,
 * (status, price, id) for price, and the same led by category or seller for the
 * filtered lists. `search_text` is the lowercased title + description for `?q=`.
 */
export const createProducts: Migration = {
  name: '001-products',
  up: async ({ queryInterface }) => {
    await queryInterface.createTable('products', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      seller_id: { type: DataTypes.STRING(64), allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      search_text: { type: DataTypes.TEXT, allowNull: false },
      price: { type: DataTypes.INTEGER, allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false },
      stock: { type: DataTypes.INTEGER, allowNull: false },
      category: { type: DataTypes.STRING(100), allowNull: true },
      images: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    const indexes: Array<[string, string[]]> = [
      ['products_newest', ['status', 'created_at', 'id']],
      ['products_price', ['status', 'price', 'id']],
      ['products_category_newest', ['status', 'category', 'created_at', 'id']],
      ['products_category_price', ['status', 'category', 'price', 'id']],
      ['products_seller_newest', ['status', 'seller_id', 'created_at', 'id']],
      ['products_seller_price', ['status', 'seller_id', 'price', 'id']],
      ['products_own_listing', ['seller_id', 'created_at', 'id']],
    ];
    for (const [name, fields] of indexes) await queryInterface.addIndex('products', fields, { name });
  },
};
