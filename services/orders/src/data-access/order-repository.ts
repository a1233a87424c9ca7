import { preparedSql, storedTimeText, type Database, type PreparedSql, type ReadRow } from '@agora/db';
import type { CreatedAtPosition } from '@agora/paging';
import type { Tx } from './transactions.js';
import {
  lineOf,
  orderHeaderOf,
  orderOf,
  shipmentOf,
  type OrderHeader,
  type OrderRecord,
  type ShipmentRecord,
} from './records.js';

export type NewOrder = Omit<OrderRecord, 'updatedAt' | 'paymentId'>;

/** Columns under the record shapes' names (records.ts), for the prepared reads. */
const ORDER_COLUMNS =
  'id, buyer_id AS buyerId, status, currency, subtotal, shipping_address AS shippingAddress, request_hash AS requestHash, payment_id AS paymentId, created_at AS createdAt, updated_at AS updatedAt';
const LINE_COLUMNS =
  'order_id AS orderId, product_id AS productId, seller_id AS sellerId, title, unit_price AS unitPrice, quantity, line_total AS lineTotal';
const SHIPMENT_COLUMNS =
  'id, order_id AS orderId, seller_id AS sellerId, status, subtotal, carrier, tracking_number AS trackingNumber, shipped_at AS shippedAt, delivered_at AS deliveredAt, created_at AS createdAt';

/**
 * Orders with their lines and shipments. Status writes are conditional on the expected
 * status. Every checkout and every buyer's page runs through here, so it is plain prepared
 * SQL, not the ORM (the models describe the same tables): a buyer's page is three reads.
 */
export class OrderRepository {
  private readonly sql: PreparedSql;
  private readonly dialect: string;
  private readonly lockForUpdate: string;

  constructor(db: Database) {
    this.sql = preparedSql(db);
    this.dialect = db.getDialect();
    this.lockForUpdate = this.dialect === 'mysql' ? ' FOR UPDATE' : '';
  }

  private time(iso: string): string {
    return storedTimeText(this.dialect, iso);
  }

  /** The order, its lines (numbered in order) and its shipments; throws the driver's duplicate key for a known order id. */
  async insert(order: NewOrder, t: Tx): Promise<void> {
    const createdAt = this.time(order.createdAt);
    await this.sql.run(
      'INSERT INTO orders (id, buyer_id, status, currency, subtotal, shipping_address, request_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        order.id,
        order.buyerId,
        order.status,
        order.currency,
        order.subtotal,
        JSON.stringify(order.shippingAddress),
        order.requestHash,
        createdAt,
        createdAt,
      ],
      t,
    );
    if (order.lines.length > 0) {
      await this.sql.run(
        `INSERT INTO order_lines (order_id, position, product_id, seller_id, title, unit_price, quantity, line_total) VALUES ${rowsOf(order.lines.length, 8)}`,
        order.lines.flatMap((line, position) => [
          order.id,
          position,
          line.productId,
          line.sellerId,
          line.title,
          line.unitPrice,
          line.quantity,
          line.lineTotal,
        ]),
        t,
      );
    }
    if (order.shipments.length > 0) {
      await this.sql.run(
        `INSERT INTO shipments (id, order_id, seller_id, status, subtotal, carrier, tracking_number, shipped_at, delivered_at, created_at) VALUES ${rowsOf(order.shipments.length, 10)}`,
        order.shipments.flatMap((s) => [
          s.id,
          s.orderId,
          s.sellerId,
          s.status,
          s.subtotal,
          s.carrier,
          s.trackingNumber,
          s.shippedAt === null ? null : this.time(s.shippedAt),
          s.deliveredAt === null ? null : this.time(s.deliveredAt),
          createdAt,
        ]),
        t,
      );
    }
  }

  async find(id: string, t?: Tx): Promise<OrderRecord | undefined> {
    const [order] = await this.withDetails(
      await this.sql.all(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ?`, [id], t),
      t,
    );
    return order;
  }

  /** Locks the order row until the transaction ends: every status change of an order and its shipments takes this lock first. */
  async lock(id: string, t: Tx): Promise<OrderHeader | undefined> {
    const [row] = await this.sql.all(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ?${this.lockForUpdate}`, [id], t);
    return row ? orderHeaderOf(row) : undefined;
  }

  /** Reads (and locks) the current shipments of an order; call after `lock`. */
  async lockShipments(orderId: string, t: Tx): Promise<ShipmentRecord[]> {
    const rows = await this.sql.all(
      `SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE order_id = ? ORDER BY id${this.lockForUpdate}`,
      [orderId],
      t,
    );
    return rows.map(shipmentOf);
  }

  /** Compare-and-set on the status; `paymentId`, when given, is stored with it. */
  async setStatus(id: string, from: string, to: string, t: Tx, paymentId?: string): Promise<boolean> {
    const now = this.time(new Date().toISOString());
    const count = paymentId
      ? await this.sql.run(
          'UPDATE orders SET status = ?, updated_at = ?, payment_id = ? WHERE id = ? AND status = ?',
          [to, now, paymentId, id, from],
          t,
        )
      : await this.sql.run(
          'UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?',
          [to, now, id, from],
          t,
        );
    return count === 1;
  }

  async listByBuyer(buyerId: string, limit: number, after?: CreatedAtPosition): Promise<OrderRecord[]> {
    const newestFirst = `ORDER BY created_at DESC, id DESC LIMIT ?`;
    if (!after)
      return this.withDetails(
        await this.sql.all(`SELECT ${ORDER_COLUMNS} FROM orders WHERE buyer_id = ? ${newestFirst}`, [buyerId, limit]),
      );
    const at = storedTimeText(this.dialect, after.createdAt);
    const rows = await this.sql.all(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE buyer_id = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ${newestFirst}`,
      [buyerId, at, at, after.id, limit],
    );
    return this.withDetails(rows);
  }

  /** Adds lines and shipments to a page of orders in two queries, whatever its size. */
  private async withDetails(rows: ReadRow[], t?: Tx): Promise<OrderRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id as string);
    const [lines, shipments] = await Promise.all([
      this.sql.all(
        `SELECT ${LINE_COLUMNS} FROM order_lines WHERE order_id IN (?) ORDER BY order_id, position`,
        [ids],
        t,
      ),
      this.sql.all(`SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE order_id IN (?) ORDER BY id`, [ids], t),
    ]);
    const linesOf = groupBy(lines, lineOf);
    const shipmentsOf = groupBy(shipments, shipmentOf);
    return rows.map((row) => orderOf(row, linesOf.get(row.id) ?? [], shipmentsOf.get(row.id) ?? []));
  }
}

/** `(?, ?, …), (?, ?, …)`: the VALUES of `rows` rows of `columns` columns. */
function rowsOf(rows: number, columns: number): string {
  const row = `(${Array(columns).fill('?').join(', ')})`;
  return Array(rows).fill(row).join(', ');
}

/** The rows of each order (by their `orderId`), mapped to records. */
function groupBy<T>(rows: ReadRow[], recordOf: (row: ReadRow) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = row.orderId as string;
    const group = groups.get(key);
    if (group) group.push(recordOf(row));
    else groups.set(key, [recordOf(row)]);
  }
  return groups;
}
