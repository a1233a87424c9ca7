import { createHash, randomUUID } from 'node:crypto';
import { AppError, InvalidState, NotFound, ValidationFailed } from '@agora/errors';
import type { OrderRepository } from '../data-access/order-repository.js';
import type { InTransaction } from '../data-access/transactions.js';
import type { ShipmentRepository } from '../data-access/shipment-repository.js';
import type { LineRecord, ShipmentRecord } from '../data-access/records.js';
import { addressFields, assertKnownCountry, type AddressInput } from './addresses.js';
import { assertOrderMove, orderMovedPast, type OrderStatus } from './order-status.js';
import { orderView, type Order } from './order-views.js';
import { createdAtCursor, createdAtPosition, pageOf, type Page } from '@agora/paging';

export interface OrderInput {
  buyerId: string;
  currency: string;
  items: Array<{ productId: string; sellerId: string; title: string; unitPrice: number; quantity: number }>;
  shippingAddress: AddressInput;
}

export type SagaStatus = Extract<OrderStatus, 'paid' | 'payment_failed' | 'cancelled'>;

/** Equal requests give equal fingerprints whatever their key order or omitted optionals. */
function fingerprint(input: OrderInput): string {
  const canonical = {
    buyerId: input.buyerId,
    currency: input.currency,
    items: input.items.map((i) => [i.productId, i.sellerId, i.title, i.unitPrice, i.quantity]),
    shippingAddress: addressFields(input.shippingAddress),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function snapshotLines(input: OrderInput): LineRecord[] {
  const lines = input.items.map((i) => ({ ...i, lineTotal: i.unitPrice * i.quantity }));
  if (!Number.isSafeInteger(lines.reduce((sum, l) => sum + l.lineTotal, 0))) {
    throw new ValidationFailed('The order total is too large', [
      { path: '/body/items', message: 'total exceeds the largest amount' },
    ]);
  }
  return lines;
}

/** One pending shipment per seller, in the order sellers first appear. */
function shipmentsFor(orderId: string, lines: LineRecord[], createdAt: string): ShipmentRecord[] {
  const subtotals = new Map<string, number>();
  for (const line of lines) subtotals.set(line.sellerId, (subtotals.get(line.sellerId) ?? 0) + line.lineTotal);
  return [...subtotals].map(([sellerId, subtotal]) => ({
    id: randomUUID(),
    orderId,
    sellerId,
    status: 'pending',
    subtotal,
    carrier: null,
    trackingNumber: null,
    shippedAt: null,
    deliveredAt: null,
    createdAt,
  }));
}

/** Orders: recorded by the checkout saga, moved through the status machine, read by their buyer. */
export class OrderBook {
  constructor(
    private readonly inTransaction: InTransaction,
    private readonly orders: OrderRepository,
    private readonly shipments: ShipmentRepository,
  ) {}

  /** Idempotent on the order id: an identical repeat returns the order, another body is refused. */
  async place(orderId: string, input: OrderInput): Promise<{ order: Order; created: boolean }> {
    assertKnownCountry(input.shippingAddress.country, '/body/shippingAddress/country');
    const requestHash = fingerprint(input);
    const existing = await this.orders.find(orderId);
    if (existing) return { order: this.sameRequest(existing.requestHash, requestHash, existing), created: false };
    const lines = snapshotLines(input);
    const createdAt = new Date().toISOString();
    const record = {
      id: orderId,
      buyerId: input.buyerId,
      status: 'pending',
      currency: input.currency,
      subtotal: lines.reduce((sum, l) => sum + l.lineTotal, 0),
      shippingAddress: addressFields(input.shippingAddress),
      requestHash,
      createdAt,
      lines,
      shipments: shipmentsFor(orderId, lines, createdAt),
    };
    try {
      await this.inTransaction((t) => this.orders.insert(record, t));
    } catch (err) {
      // A concurrent first attempt with the same id won the insert: answer as a repeat.
      const winner = await this.orders.find(orderId);
      if (!winner) throw err;
      return { order: this.sameRequest(winner.requestHash, requestHash, winner), created: false };
    }
    return { order: await this.get(orderId), created: true };
  }

  async get(orderId: string): Promise<Order> {
    const order = await this.orders.find(orderId);
    if (!order) throw new NotFound('Order');
    return orderView(order);
  }

  /** A buyer sees only their own orders; another buyer's is indistinguishable from a missing one. */
  async getForBuyer(buyerId: string, orderId: string): Promise<Order> {
    const order = await this.orders.find(orderId);
    if (!order || order.buyerId !== buyerId) throw new NotFound('Order');
    return orderView(order);
  }

  async listForBuyer(buyerId: string, limit: number, cursor?: string): Promise<Page<Order>> {
    const rows = await this.orders.listByBuyer(buyerId, limit + 1, createdAtPosition(cursor));
    return pageOf(rows, limit, createdAtCursor, orderView);
  }

  /**
   * The saga's moves. Repeating the current status is a no-op, and so is repeating `paid` once
   * the order went past it (orderMovedPast); anything else the status machine does not allow
   * is `invalid_state`. The order row is locked first, as shipping does, so a
   * cancel and a ship of the same order never both succeed.
   */
  async transition(orderId: string, to: SagaStatus, paymentId?: string): Promise<Order> {
    await this.inTransaction(async (t) => {
      const order = await this.orders.lock(orderId, t);
      if (!order) throw new NotFound('Order');
      if (order.status === to || orderMovedPast(order.status as OrderStatus, to)) return;
      assertOrderMove(order.status as OrderStatus, to);
      if (to === 'cancelled') {
        const shipments = await this.orders.lockShipments(orderId, t);
        if (shipments.some((s) => s.status === 'shipped' || s.status === 'delivered')) {
          throw new InvalidState('An order cannot be cancelled once a shipment has shipped');
        }
      }
      if (!(await this.orders.setStatus(orderId, order.status, to, t, paymentId))) {
        throw new InvalidState('The order changed concurrently; try again');
      }
      if (to !== 'paid') await this.shipments.cancelPendingOf(orderId, t);
    });
    return this.get(orderId);
  }

  private sameRequest(stored: string, incoming: string, order: Parameters<typeof orderView>[0]): Order {
    if (stored !== incoming)
      throw new AppError('idempotency_key_reused', 'This order id was already used with another request');
    return orderView(order);
  }
}
