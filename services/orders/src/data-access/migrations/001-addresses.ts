import { DataTypes, type Migration } from '@agora/db';

const id = () => ({ type: DataTypes.STRING(64), allowNull: false });
const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

/** Saved shipping addresses, per user. */
export const createAddresses: Migration = {
  name: '001-addresses',
  up: async ({ queryInterface: q }) => {
    await q.createTable('addresses', {
      id: { ...id(), primaryKey: true },
      user_id: id(),
      full_name: { type: DataTypes.STRING(200), allowNull: false },
      line1: { type: DataTypes.STRING(200), allowNull: false },
      line2: { type: DataTypes.STRING(200), allowNull: true },
      city: { type: DataTypes.STRING(100), allowNull: false },
      postal_code: { type: DataTypes.STRING(20), allowNull: false },
      country: { type: DataTypes.STRING(2), allowNull: false },
      phone: { type: DataTypes.STRING(32), allowNull: true },
      created_at: time(),
      updated_at: time(),
    });
    await q.addIndex('addresses', ['user_id', 'created_at', 'id'], { name: 'addresses_by_user' });
  },
};
