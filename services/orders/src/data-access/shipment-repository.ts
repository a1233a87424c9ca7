import { Op, preparedSql, type Database, type PreparedSql } from '@agora/db';
import type { OrdersModels } from './models.js';
import type { CreatedAtPosition } from '@agora/paging';
import { NEWEST_FIRST, newestFirstAfter } from './keyset.js';
import {
  lineOf,
  orderHeaderOf,
  shipmentOf,
  type LineRecord,
  type OrderHeader,
  type ShipmentRecord,
} from './records.js';
import type { Tx } from './transactions.js';

export interface SaleRecord extends ShipmentRecord {
  order: OrderHeader;
  lines: LineRecord[];
}

export interface ShipmentChanges {
  status: string;
  carrier?: string;
  trackingNumber?: string;
  shippedAt?: Date;
  deliveredAt?: Date;
}

/** Orders a seller may see: paid and later, not the ones still waiting for or refused by payment. */
const SOLD = { [Op.notIn]: ['pending', 'payment_failed'] };

/**
 * Shipments, one per seller of an order. Status writes are conditional on the expected status.
 * What the checkout saga runs (cancelling an order's pending shipments) is prepared SQL; the
 * sellers' side goes through the models.
 */
export class ShipmentRepository {
  private readonly sql: PreparedSql;

  constructor(
    db: Database,
    private readonly models: OrdersModels,
  ) {
    this.sql = preparedSql(db);
  }

  async find(id: string, t?: Tx): Promise<ShipmentRecord | undefined> {
    const row = await this.models.Shipment.findOne({ where: { id }, transaction: t, raw: true });
    return row ? shipmentOf(row) : undefined;
  }

  /** Moves one shipment from `from`; false when it was no longer in that status. */
  async move(id: string, from: string, changes: ShipmentChanges, t: Tx): Promise<boolean> {
    const [count] = await this.models.Shipment.update(changes, { where: { id, status: from }, transaction: t });
    return count === 1;
  }

  async cancelPendingOf(orderId: string, t: Tx): Promise<void> {
    await this.sql.run(
      "UPDATE shipments SET status = 'cancelled' WHERE order_id = ? AND status = 'pending'",
      [orderId],
      t,
    );
  }

  /** One page of a seller's sales with each order's header and only this seller's lines. */
  async listSales(
    sellerId: string,
    status: string | undefined,
    limit: number,
    after?: CreatedAtPosition,
  ): Promise<SaleRecord[]> {
    const { Shipment, Order, OrderLine } = this.models;
    const shipments: SaleRecord[] = [];
    // Shipments of unsold orders are skipped; the loop refills the page so skipping never shortens it.
    let cursor = after;
    while (shipments.length < limit) {
      const batch = (
        await Shipment.findAll({
          where: { sellerId, ...(status ? { status } : {}), ...newestFirstAfter(cursor) },
          order: NEWEST_FIRST,
          limit: limit - shipments.length,
          raw: true,
        })
      ).map(shipmentOf);
      if (batch.length === 0) break;
      const orders = await Order.findAll({
        where: { id: { [Op.in]: batch.map((s) => s.orderId) }, status: SOLD },
        raw: true,
      });
      const byId = new Map(orders.map((o) => [(o as Record<string, any>).id as string, orderHeaderOf(o)]));
      for (const s of batch) {
        const order = byId.get(s.orderId);
        if (order) shipments.push({ ...s, order, lines: [] });
      }
      const last = batch.at(-1)!;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
    if (shipments.length === 0) return shipments;
    const lines = await OrderLine.findAll({
      where: { orderId: { [Op.in]: shipments.map((s) => s.orderId) }, sellerId },
      order: [
        ['orderId', 'ASC'],
        ['position', 'ASC'],
      ],
      raw: true,
    });
    for (const line of lines as Record<string, any>[])
      shipments.find((s) => s.orderId === line.orderId)!.lines.push(lineOf(line));
    return shipments;
  }
}
