import { DataTypes, type Database, type ModelStatic, type Model } from '@agora/db';

type Row = Model<Record<string, any>, Record<string, any>>;

export interface OrdersModels {
  Address: ModelStatic<Row>;
  Order: ModelStatic<Row>;
  OrderLine: ModelStatic<Row>;
  Shipment: ModelStatic<Row>;
  DeliveryReport: ModelStatic<Row>;
  Erasure: ModelStatic<Row>;
}

const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
// A fresh object per attribute: Sequelize writes the column name into the definition it is given.
const money = () => ({ type: DataTypes.BIGINT, allowNull: false });
const time = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });

/** Sequelize models over the tables of migrations/index.ts; only the repositories use them. */
export function defineModels(db: Database): OrdersModels {
  const Address = db.define(
    'Address',
    {
      id: { ...str(64), primaryKey: true },
      userId: str(64),
      fullName: str(200),
      line1: str(200),
      line2: str(200, true),
      city: str(100),
      postalCode: str(20),
      country: str(2),
      phone: str(32, true),
      createdAt: time(),
      updatedAt: time(),
    },
    { tableName: 'addresses' },
  );
  const Order = db.define(
    'Order',
    {
      id: { ...str(64), primaryKey: true },
      buyerId: str(64),
      status: str(20),
      currency: str(3),
      subtotal: money(),
      shippingAddress: { type: DataTypes.TEXT, allowNull: false },
      requestHash: str(64),
      paymentId: str(64, true),
      createdAt: time(),
      updatedAt: time(),
    },
    { tableName: 'orders' },
  );
  const OrderLine = db.define(
    'OrderLine',
    {
      orderId: { ...str(64), primaryKey: true },
      position: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
      productId: str(64),
      sellerId: str(64),
      title: str(200),
      unitPrice: money(),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      lineTotal: money(),
    },
    { tableName: 'order_lines' },
  );
  const Shipment = db.define(
    'Shipment',
    {
      id: { ...str(64), primaryKey: true },
      orderId: str(64),
      sellerId: str(64),
      status: str(20),
      subtotal: money(),
      carrier: str(100, true),
      trackingNumber: str(100, true),
      shippedAt: time(true),
      deliveredAt: time(true),
      createdAt: time(),
    },
    { tableName: 'shipments' },
  );
  const DeliveryReport = db.define(
    'DeliveryReport',
    {
      shipmentId: { ...str(64), primaryKey: true },
      orderId: str(64),
      sellerId: str(64),
      deliveredAt: time(),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      nextAttemptAt: time(),
      sentAt: time(true),
      lastError: str(500, true),
    },
    { tableName: 'delivery_reports' },
  );
  const Erasure = db.define(
    'Erasure',
    { userId: { ...str(64), primaryKey: true }, erasedAt: time() },
    { tableName: 'erasures' },
  );
  return { Address, Order, OrderLine, Shipment, DeliveryReport, Erasure };
}
