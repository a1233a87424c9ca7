import { storedTimeText, type ReadQuery } from '@agora/db';
import type { CreatedAtPosition } from '@agora/paging';
import type { OrdersModels } from './models.js';
import type { Tx } from './transactions.js';
import { lineOf, orderHeaderOf, shipmentOf, type OrderHeader, type OrderRecord, type ShipmentRecord } from './records.js';

export type NewOrder = Omit<OrderRecord, 'updatedAt' | 'paymentId'>;

const plain = { raw: true } as const;

/** Columns under the record shapes' names (records.ts), for the prepared reads. */
const ORDER_COLUMNS =
  'id, buyer_id AS buyerId, status, currency, subtotal, shipping_address AS shippingAddress, request_hash AS requestHash, payment_id AS paymentId, created_at AS createdAt, updated_at AS updatedAt';
const LINE_COLUMNS = 'order_id AS orderId, product_id AS productId, seller_id AS sellerId, title, unit_price AS unitPrice, quantity, line_total AS lineTotal';
const SHIPMENT_COLUMNS =
  'id, order_id AS orderId, seller_id AS sellerId, status, subtotal, carrier, tracking_number AS trackingNumber, shipped_at AS shippedAt, delivered_at AS deliveredAt, created_at AS createdAt';

/**
 * Orders with their lines and shipments. Status writes are conditional on the expected
 * status. Reads are prepared statements (`select`): a buyer's page is three of them.
 */
export class OrderRepository {
  constructor(
    private readonly models: OrdersModels,
    private readonly select: ReadQuery,
    private readonly dialect: string,
  ) {}

  async insert(order: NewOrder, t: Tx): Promise<void> {
    const { lines, shipments, shippingAddress, ...header } = order;
    const createdAt = new Date(order.createdAt);
    await this.models.Order.create({ ...header, shippingAddress: JSON.stringify(shippingAddress), createdAt, updatedAt: createdAt }, { transaction: t });
    await this.models.OrderLine.bulkCreate(
      lines.map((line, position) => ({ ...line, orderId: order.id, position })),
      { transaction: t },
    );
    await this.models.Shipment.bulkCreate(
      shipments.map((s) => ({ ...s, createdAt })),
      { transaction: t },
    );
  }

  async find(id: string, t?: Tx): Promise<OrderRecord | undefined> {
    const [order] = await this.withDetails(await this.select(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ?`, [id], t), t);
    return order;
  }

  /** Locks the order row until the transaction ends: every status change of an order and its shipments takes this lock first. */
  async lock(id: string, t: Tx): Promise<OrderHeader | undefined> {
    const row = await this.models.Order.findOne({ where: { id }, transaction: t, lock: t.LOCK.UPDATE, ...plain });
    return row ? orderHeaderOf(row) : undefined;
  }

  /** Reads (and locks) the current shipments of an order; call after `lock`. */
  async lockShipments(orderId: string, t: Tx): Promise<ShipmentRecord[]> {
    const rows = await this.models.Shipment.findAll({ where: { orderId }, order: [['id', 'ASC']], transaction: t, lock: t.LOCK.UPDATE, ...plain });
    return rows.map(shipmentOf);
  }

  async setStatus(id: string, from: string, to: string, t: Tx, paymentId?: string): Promise<boolean> {
    const changes = { status: to, updatedAt: new Date(), ...(paymentId ? { paymentId } : {}) };
    const [count] = await this.models.Order.update(changes, { where: { id, status: from }, transaction: t });
    return count === 1;
  }

  async listByBuyer(buyerId: string, limit: number, after?: CreatedAtPosition): Promise<OrderRecord[]> {
    const newestFirst = `ORDER BY created_at DESC, id DESC LIMIT ?`;
    if (!after) return this.withDetails(await this.select(`SELECT ${ORDER_COLUMNS} FROM orders WHERE buyer_id = ? ${newestFirst}`, [buyerId, limit]));
    const at = storedTimeText(this.dialect, after.createdAt);
    const rows = await this.select(`SELECT ${ORDER_COLUMNS} FROM orders WHERE buyer_id = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ${newestFirst}`, [
      buyerId,
      at,
      at,
      after.id,
      limit,
    ]);
    return this.withDetails(rows);
  }

  /** Adds lines and shipments to a page of orders in two queries, whatever its size. */
  private async withDetails(rows: object[], t?: Tx): Promise<OrderRecord[]> {
    if (rows.length === 0) return [];
    const orders = rows.map(orderHeaderOf);
    const ids = orders.map((o) => o.id);
    const [lines, shipments] = await Promise.all([
      this.select(`SELECT ${LINE_COLUMNS} FROM order_lines WHERE order_id IN (?) ORDER BY order_id, position`, [ids], t),
      this.select(`SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE order_id IN (?) ORDER BY id`, [ids], t),
    ]);
    const linesOf = groupBy(lines, (l) => l.orderId as string);
    const shipmentsOf = groupBy(shipments, (s) => s.orderId as string);
    return orders.map((order) => ({ ...order, lines: (linesOf.get(order.id) ?? []).map(lineOf), shipments: (shipmentsOf.get(order.id) ?? []).map(shipmentOf) }));
  }
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
