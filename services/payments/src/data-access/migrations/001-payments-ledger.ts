import { DataTypes, type Migration } from '@agora/db';

const money = () => ({ type: DataTypes.BIGINT, allowNull: false });
const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const id = (allowNull = false) => ({ type: DataTypes.STRING(64), allowNull });

/** Payments, their per-shipment split, refunds, the double-entry ledger and idempotency keys. */
export const paymentsAndLedger: Migration = {
  name: '001-payments-ledger',
  up: async ({ queryInterface: q }) => {
    await q.createTable('payments', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      order_id: id(),
      // Set only while captured: its UNIQUE index allows one capture per order, any number of failures.
      captured_order_id: id(true),
      buyer_id: id(),
      status: { type: DataTypes.STRING(24), allowNull: false },
      amount: money(),
      refunded_amount: { ...money(), defaultValue: 0 },
      currency: { type: DataTypes.STRING(3), allowNull: false },
      brand: { type: DataTypes.STRING(16), allowNull: true },
      last4: { type: DataTypes.STRING(4), allowNull: true },
      failure_code: { type: DataTypes.STRING(40), allowNull: true },
      processor_ref: { type: DataTypes.STRING(100), allowNull: true },
      created_at: time(),
    });
    await q.addIndex('payments', ['captured_order_id'], { unique: true, name: 'payments_captured_order_unique' });
    await q.addIndex('payments', ['order_id'], { name: 'payments_order_id' });

    await q.createTable('payment_shipments', {
      shipment_id: { type: DataTypes.STRING(64), primaryKey: true },
      payment_id: { type: DataTypes.STRING(36), allowNull: false },
      seller_id: id(),
      position: { type: DataTypes.INTEGER, allowNull: false },
      subtotal: money(),
      fee: money(),
      refunded_net: { ...money(), defaultValue: 0 },
      refunded_fee: { ...money(), defaultValue: 0 },
      delivered_at: time(true),
    });
    await q.addIndex('payment_shipments', ['payment_id'], { name: 'payment_shipments_payment' });

    await q.createTable('refunds', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      payment_id: { type: DataTypes.STRING(36), allowNull: false },
      amount: money(),
      created_at: time(),
    });
    await q.addIndex('refunds', ['payment_id'], { name: 'refunds_payment' });

    await q.createTable('ledger_entries', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      transaction_id: { type: DataTypes.STRING(36), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      payment_id: { type: DataTypes.STRING(36), allowNull: false },
      shipment_id: id(true),
      seller_id: id(true),
      account: { type: DataTypes.STRING(120), allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false },
      amount: money(),
      created_at: time(),
    });
    await q.addIndex('ledger_entries', ['seller_id', 'currency'], { name: 'ledger_entries_seller' });
    await q.addIndex('ledger_entries', ['transaction_id'], { name: 'ledger_entries_transaction' });

    await q.createTable('idempotency_keys', {
      // sha256 of scope + key: a fixed-width unique key whatever the client sends.
      key_hash: { type: DataTypes.STRING(64), primaryKey: true },
      scope: { type: DataTypes.STRING(80), allowNull: false },
      fingerprint: { type: DataTypes.STRING(64), allowNull: false },
      state: { type: DataTypes.STRING(16), allowNull: false },
      attempt: { type: DataTypes.INTEGER, allowNull: false },
      locked_until: time(),
      resource_id: { type: DataTypes.STRING(36), allowNull: true },
      response_status: { type: DataTypes.INTEGER, allowNull: true },
      response_body: { type: DataTypes.TEXT, allowNull: true },
      created_at: time(),
      completed_at: time(true),
    });
    await q.addIndex('idempotency_keys', ['state', 'created_at'], { name: 'idempotency_keys_purge' });
  },
};
