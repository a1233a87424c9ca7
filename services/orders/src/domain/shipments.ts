import { InvalidState, NotFound } from '@agora/errors';
import type { OrderRepository } from '../data-access/order-repository.js';
import type { InTransaction, Tx } from '../data-access/transactions.js';
import type { ShipmentChanges, ShipmentRepository } from '../data-access/shipment-repository.js';
import type { DeliveryReportRepository } from '../data-access/delivery-report-repository.js';
import type { ShipmentRecord } from '../data-access/records.js';
import {
  assertOrderMove,
  assertShipmentMove,
  orderStatusFollowingShipments,
  type OrderStatus,
  type ShipmentStatus,
} from './order-status.js';
import { saleView, shipmentView, type Sale, type Shipment } from './order-views.js';
import { createdAtCursor, createdAtPosition, pageOf, type Page } from '@agora/paging';

/** A seller's side of orders: their sales, and moving their shipments to shipped and delivered. */
export class Fulfilment {
  constructor(
    private readonly inTransaction: InTransaction,
    private readonly orders: OrderRepository,
    private readonly shipments: ShipmentRepository,
    private readonly deliveryReports: DeliveryReportRepository,
  ) {}

  async listSales(
    sellerId: string,
    status: ShipmentStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<Sale>> {
    const rows = await this.shipments.listSales(sellerId, status, limit + 1, createdAtPosition(cursor));
    return pageOf(rows, limit, createdAtCursor, saleView);
  }

  /** Only a paid order's pending shipment ships. */
  async ship(
    sellerId: string,
    shipmentId: string,
    carrier: { carrier: string; trackingNumber: string },
  ): Promise<Shipment> {
    return this.move(sellerId, shipmentId, 'shipped', async (order) => {
      if (order !== 'paid') throw new InvalidState(`A shipment of an order that is ${order} cannot ship`);
      return { status: 'shipped', ...carrier, shippedAt: new Date() };
    });
  }

  /** The carrier's confirmation (simulated); payments hears of it through the outbox. */
  async deliver(sellerId: string, shipmentId: string): Promise<Shipment> {
    return this.move(sellerId, shipmentId, 'delivered', async (_order, shipment, t, deliveredAt) => {
      await this.deliveryReports.record(
        { shipmentId, orderId: shipment.orderId, sellerId, deliveredAt: deliveredAt.toISOString() },
        t,
      );
      return { status: 'delivered', deliveredAt };
    });
  }

  /**
   * Locks the order, then its shipments (the order every writer follows), checks the move
   * against the status machine, writes it conditionally, and lets the order follow.
   */
  private async move(
    sellerId: string,
    shipmentId: string,
    to: ShipmentStatus,
    changesFor: (order: OrderStatus, shipment: ShipmentRecord, t: Tx, now: Date) => Promise<ShipmentChanges>,
  ): Promise<Shipment> {
    const found = await this.shipments.find(shipmentId);
    // Another seller's shipment is indistinguishable from a missing one.
    if (!found || found.sellerId !== sellerId) throw new NotFound('Shipment');
    await this.inTransaction(async (t) => {
      const order = await this.orders.lock(found.orderId, t);
      const shipments = await this.orders.lockShipments(found.orderId, t);
      const shipment = shipments.find((s) => s.id === shipmentId);
      if (!order || !shipment) throw new NotFound('Shipment');
      const orderStatus = order.status as OrderStatus;
      assertShipmentMove(shipment.status as ShipmentStatus, to);
      const changes = await changesFor(orderStatus, shipment, t, new Date());
      if (!(await this.shipments.move(shipmentId, shipment.status, changes, t)))
        throw new InvalidState('The shipment changed concurrently');
      const statuses = shipments.map((s) => (s.id === shipmentId ? to : (s.status as ShipmentStatus)));
      const next = orderStatusFollowingShipments(orderStatus, statuses);
      if (next !== orderStatus) {
        assertOrderMove(orderStatus, next);
        if (!(await this.orders.setStatus(order.id, orderStatus, next, t)))
          throw new InvalidState('The order changed concurrently');
      }
    });
    const order = (await this.orders.find(found.orderId))!;
    return shipmentView(
      order.shipments.find((s) => s.id === shipmentId)!,
      order.lines,
    );
  }
}
