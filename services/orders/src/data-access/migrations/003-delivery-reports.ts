import { DataTypes, type Migration } from '@agora/db';

const id = () => ({ type: DataTypes.STRING(64), allowNull: false });
const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

/** The outbox of deliveries payments has not yet acknowledged. */
export const createDeliveryReports: Migration = {
  name: '003-delivery-reports',
  up: async ({ queryInterface: q }) => {
    // The outbox of deliveries to report to payments; written with the delivery, sent by a job.
    await q.createTable('delivery_reports', {
      shipment_id: { ...id(), primaryKey: true },
      order_id: id(),
      seller_id: id(),
      delivered_at: time(),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      next_attempt_at: time(),
      sent_at: time(true),
      last_error: { type: DataTypes.STRING(500), allowNull: true },
    });
    await q.addIndex('delivery_reports', ['sent_at', 'next_attempt_at'], { name: 'delivery_reports_due' });
  },
};
