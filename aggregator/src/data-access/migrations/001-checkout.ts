import { DataTypes, type Migration } from '@agora/db';

/** Public idempotency keys of checkout, and the saga log that drives each checkout or cancel to an end. */
export const checkoutTables: Migration = {
  name: '001-checkout',
  async up({ queryInterface }) {
    await queryInterface.createTable('idempotency_keys', {
      user_id: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      idempotency_key: { type: DataTypes.STRING(255), allowNull: false, primaryKey: true },
      request_hash: { type: DataTypes.STRING(64), allowNull: false },
      order_id: { type: DataTypes.STRING(64), allowNull: false },
      state: { type: DataTypes.STRING(16), allowNull: false },
      response_status: { type: DataTypes.INTEGER, allowNull: true },
      response_body: { type: DataTypes.TEXT, allowNull: true },
      lease_until: { type: DataTypes.DATE(3), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('idempotency_keys', ['created_at'], { name: 'idempotency_keys_created_at' });
    await queryInterface.createTable('sagas', {
      id: { type: DataTypes.STRING(80), allowNull: false, primaryKey: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      order_id: { type: DataTypes.STRING(64), allowNull: false },
      buyer_id: { type: DataTypes.STRING(64), allowNull: false },
      buyer_role: { type: DataTypes.STRING(16), allowNull: false },
      idempotency_key: { type: DataTypes.STRING(255), allowNull: true },
      step: { type: DataTypes.STRING(32), allowNull: false },
      state: { type: DataTypes.STRING(16), allowNull: false },
      plan: { type: DataTypes.TEXT, allowNull: false },
      payment_id: { type: DataTypes.STRING(64), allowNull: true },
      failure: { type: DataTypes.TEXT, allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lease_until: { type: DataTypes.DATE(3), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('sagas', ['state', 'lease_until'], { name: 'sagas_state_lease' });
  },
};
