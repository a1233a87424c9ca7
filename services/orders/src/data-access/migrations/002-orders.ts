import { DataTypes, type Migration } from '@agora/db';

const id = () => ({ type: DataTypes.STRING(64), allowNull: false });
const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

/** Orders with their lines and one shipment per seller. */
export const createOrders: Migration = {
  name: '002-orders',
  up: async ({ queryInterface: q }) => {
    await q.createTable('orders', {
      id: { ...id(), primaryKey: true },
      buyer_id: id(),
      status: { type: DataTypes.STRING(20), allowNull: false },
      currency: { type: DataTypes.STRING(3), allowNull: false },
      subtotal: { type: DataTypes.BIGINT, allowNull: false },
      // A copy, not a reference: editing or deleting the saved address never changes an order.
      shipping_address: { type: DataTypes.TEXT, allowNull: false },
      // Fingerprint of the creation request, to tell an identical repeat from a reused orderId.
      request_hash: { type: DataTypes.STRING(64), allowNull: false },
      payment_id: { type: DataTypes.STRING(64), allowNull: true },
      created_at: time(),
      updated_at: time(),
    });
    await q.addIndex('orders', ['buyer_id', 'created_at', 'id'], { name: 'orders_by_buyer' });
    await q.createTable('order_lines', {
      order_id: { ...id(), primaryKey: true },
      position: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
      product_id: id(),
      seller_id: id(),
      title: { type: DataTypes.STRING(200), allowNull: false },
      unit_price: { type: DataTypes.BIGINT, allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      line_total: { type: DataTypes.BIGINT, allowNull: false },
    });
    await q.createTable('shipments', {
      id: { ...id(), primaryKey: true },
      order_id: id(),
      seller_id: id(),
      status: { type: DataTypes.STRING(20), allowNull: false },
      subtotal: { type: DataTypes.BIGINT, allowNull: false },
      carrier: { type: DataTypes.STRING(100), allowNull: true },
      tracking_number: { type: DataTypes.STRING(100), allowNull: true },
      shipped_at: time(true),
      delivered_at: time(true),
      // The order's creation time, so a seller's sales page sorts without a join.
      created_at: time(),
    });
    await q.addIndex('shipments', ['order_id'], { name: 'shipments_by_order' });
    await q.addIndex('shipments', ['seller_id', 'created_at', 'id'], { name: 'shipments_by_seller' });
    await q.addIndex('shipments', ['seller_id', 'status', 'created_at', 'id'], { name: 'shipments_by_seller_status' });
  },
};
