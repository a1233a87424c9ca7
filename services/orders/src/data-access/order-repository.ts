import { Op } from '@agora/db';
import type { OrdersModels } from './models.js';
import type { CreatedAtPosition } from '@agora/paging';
import type { Tx } from './transactions.js';
import { NEWEST_FIRST, newestFirstAfter } from './keyset.js';
import { lineOf, orderHeaderOf, shipmentOf, type OrderHeader, type OrderRecord, type ShipmentRecord } from './records.js';

export type NewOrder = Omit<OrderRecord, 'updatedAt' | 'paymentId'>;

const plain = { raw: true } as const;

/** Orders with their lines and shipments. Status writes are conditional on the expected status. */
export class OrderRepository {
  constructor(private readonly models: OrdersModels) {}

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
    const [order] = await this.withDetails(await this.models.Order.findAll({ where: { id }, transaction: t, ...plain }), t);
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
    const rows = await this.models.Order.findAll({ where: { buyerId, ...newestFirstAfter(after) }, order: NEWEST_FIRST, limit, ...plain });
    return this.withDetails(rows);
  }

  /** Adds lines and shipments to a page of orders in two queries, whatever its size. */
  private async withDetails(rows: object[], t?: Tx): Promise<OrderRecord[]> {
    if (rows.length === 0) return [];
    const orders = rows.map(orderHeaderOf);
    const ids = orders.map((o) => o.id);
    const [lines, shipments] = await Promise.all([
      this.models.OrderLine.findAll({ where: { orderId: { [Op.in]: ids } }, order: [['orderId', 'ASC'], ['position', 'ASC']], transaction: t, ...plain }),
      this.models.Shipment.findAll({ where: { orderId: { [Op.in]: ids } }, order: [['id', 'ASC']], transaction: t, ...plain }),
    ]);
    return orders.map((order) => ({
      ...order,
      lines: (lines as Record<string, any>[]).filter((l) => l.orderId === order.id).map(lineOf),
      shipments: (shipments as Record<string, any>[]).filter((s) => s.orderId === order.id).map(shipmentOf),
    }));
  }
}
