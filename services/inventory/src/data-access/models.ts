import { DataTypes, Model, type Database, type ModelStatic } from '@agora/db';

export type Row = Record<string, any>;

export interface InventoryModels {
  Product: ModelStatic<Model<Row, Row>>;
  CartItem: ModelStatic<Model<Row, Row>>;
  Reservation: ModelStatic<Model<Row, Row>>;
  ReservationLine: ModelStatic<Model<Row, Row>>;
  Erasure: ModelStatic<Model<Row, Row>>;
  CartPurchase: ModelStatic<Model<Row, Row>>;
}

/** Sequelize models over the tables of the migrations; only data-access sees them. */
export function defineModels(db: Database): InventoryModels {
  const Product = db.define(
    'Product',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      sellerId: { type: DataTypes.STRING(64), field: 'seller_id' },
      title: DataTypes.STRING(200),
      description: DataTypes.TEXT,
      searchText: { type: DataTypes.TEXT, field: 'search_text' },
      price: DataTypes.INTEGER,
      currency: DataTypes.STRING(3),
      stock: DataTypes.INTEGER,
      category: DataTypes.STRING(100),
      images: DataTypes.TEXT,
      status: DataTypes.STRING(16),
      createdAt: { type: DataTypes.DATE(3), field: 'created_at' },
      updatedAt: { type: DataTypes.DATE(3), field: 'updated_at' },
    },
    { tableName: 'products' },
  );
  const CartItem = db.define(
    'CartItem',
    {
      userId: { type: DataTypes.STRING(64), primaryKey: true, field: 'user_id' },
      productId: { type: DataTypes.STRING(36), primaryKey: true, field: 'product_id' },
      quantity: DataTypes.INTEGER,
      addedAt: { type: DataTypes.DATE(3), field: 'added_at' },
    },
    { tableName: 'cart_items' },
  );
  const Reservation = db.define(
    'Reservation',
    {
      orderId: { type: DataTypes.STRING(64), primaryKey: true, field: 'order_id' },
      status: DataTypes.STRING(16),
      expiresAt: { type: DataTypes.DATE(3), field: 'expires_at' },
      createdAt: { type: DataTypes.DATE(3), field: 'created_at' },
      updatedAt: { type: DataTypes.DATE(3), field: 'updated_at' },
    },
    { tableName: 'reservations' },
  );
  const ReservationLine = db.define(
    'ReservationLine',
    {
      orderId: { type: DataTypes.STRING(64), primaryKey: true, field: 'order_id' },
      productId: { type: DataTypes.STRING(36), primaryKey: true, field: 'product_id' },
      quantity: DataTypes.INTEGER,
    },
    { tableName: 'reservation_lines' },
  );
  const Erasure = db.define(
    'Erasure',
    {
      userId: { type: DataTypes.STRING(64), primaryKey: true, field: 'user_id' },
      erasedAt: { type: DataTypes.DATE(3), field: 'erased_at' },
    },
    { tableName: 'erasures' },
  );
  const CartPurchase = db.define(
    'CartPurchase',
    {
      orderId: { type: DataTypes.STRING(64), primaryKey: true, field: 'order_id' },
      buyerId: { type: DataTypes.STRING(64), field: 'buyer_id' },
      createdAt: { type: DataTypes.DATE(3), field: 'created_at' },
    },
    { tableName: 'cart_purchases' },
  );
  return { Product, CartItem, Reservation, ReservationLine, Erasure, CartPurchase };
}
