import { AppError, ServiceUnavailable } from '@agora/errors';
import type { Buyer, CartLine, CheckoutServices, PaymentRecord, PlacedOrder } from '../../src/domain/checkout/ports.js';

export type Port = keyof CheckoutServices;

/**
 * How one call fails:
 * - `refused`: nothing listens (connection refused), the call did nothing;
 * - `timeout`: the call never arrived (a deadline ran out on the way), its effect is unknown to the caller;
 * - `lost`: the call took effect, then its answer was lost (a crash or a reset);
 * - `crash`: the call took effect, then its caller died: the call never returns, and the driver is abandoned
 *   (a recovery or a retry takes the saga over once its lease has run out);
 * - an AppError: the service's definitive answer;
 * - `ok`: the call works (to make a later call of the same port fail).
 */
export type Failure = 'refused' | 'timeout' | 'lost' | 'crash' | 'ok' | AppError;

/** The order moves of the orders service (order-status.ts): repeating the current status, or `paid` once past it, changes nothing. */
const ORDER_MOVES: Record<string, string[]> = { pending: ['paid', 'payment_failed'], paid: ['shipped', 'cancelled'] };
const movedPast = (current: string, to: string) =>
  to === 'paid' && ['shipped', 'delivered', 'cancelled'].includes(current);

const unavailable = (code: string) =>
  new ServiceUnavailable('fake', Object.assign(new Error(code), { code }), { neverReached: code === 'ECONNREFUSED' });

/**
 * The services of a checkout as plain in-memory state, with the idempotency each real
 * one has (orders and reservations by order id, charges by key, a released reservation
 * refuses a late reserve), and failures injected per call.
 */
export class FakeCheckoutServices implements CheckoutServices {
  readonly calls: Port[] = [];
  readonly orders = new Map<string, PlacedOrder>();
  readonly reservations = new Map<string, 'reserved' | 'confirmed' | 'released'>();
  /** The lines each reservation holds (inventory keeps them with it). */
  readonly reservedLines = new Map<string, Array<{ productId: string; quantity: number }>>();
  /** The order of each reservation that went from reserved to confirmed (once per confirmation). */
  readonly confirmed: string[] = [];
  readonly payments = new Map<string, PaymentRecord>();
  readonly charges = new Map<string, string>();
  /** Refunds by idempotency key: a repeated key refunds nothing more. */
  readonly refunds = new Map<string, string>();
  /** The order of each reservation whose stock went back on the shelves (once per release). */
  readonly restocked: string[] = [];
  /** Orders whose bought quantities left the cart, once per order (inventory's `cart_purchases`). */
  readonly purchasesApplied: string[] = [];
  cart: CartLine[];
  /** The card the processor declines. */
  declined = false;
  /** The next capture lands after its caller gave up: payments voids it (failed, `deadline_passed`) and answers 503 for its key. */
  voidNextCapture = false;
  private readonly failures = new Map<Port, Failure[]>();
  private crash!: () => void;
  /** Settles once a call failed with `crash`: its driver will never go on. */
  readonly crashed = new Promise<'abandoned'>((resolve) => (this.crash = () => resolve('abandoned')));

  constructor(lines: CartLine[]) {
    this.cart = lines.map((l) => ({ ...l }));
  }

  /** The next call of `port` fails so (once per entry). */
  fail(port: Port, ...failures: Failure[]): this {
    this.failures.set(port, [...(this.failures.get(port) ?? []), ...failures]);
    return this;
  }

  private async call<T>(port: Port, effect: () => T): Promise<T> {
    this.calls.push(port);
    const failure = this.failures.get(port)?.shift();
    if (failure instanceof AppError) throw failure;
    if (failure === 'refused') throw unavailable('ECONNREFUSED');
    if (failure === 'timeout') throw unavailable('ETIMEDOUT');
    const result = effect();
    if (failure === 'lost') throw unavailable('ECONNRESET');
    if (failure === 'crash') {
      this.crash();
      return new Promise<T>(() => {});
    }
    return result;
  }

  /** The service the aggregator saw refuse a connection lately, if any. */
  down: string | null = null;
  knownDown = () => this.down;

  cartOf = () => this.call('cartOf', () => this.cart.map((l) => ({ ...l })));
  addressOf = () =>
    this.call('addressOf', () => ({
      fullName: 'Ada',
      line1: '1 Street',
      city: 'Lisbon',
      postalCode: '1000',
      country: 'PT',
    }));

  createOrder = (buyer: Buyer, orderId: string, order: { currency: string; lines: CartLine[] }) =>
    this.call('createOrder', () => {
      if (!this.orders.has(orderId)) {
        const total = order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
        const items = order.lines.map((l) => ({ lineTotal: l.unitPrice * l.quantity }));
        this.orders.set(orderId, {
          id: orderId,
          buyerId: buyer.id,
          status: 'pending',
          currency: order.currency,
          total,
          shipments: [{ id: `${orderId}-s1`, sellerId: 'seller-1', items }],
        });
      }
      return { ...this.orders.get(orderId)! };
    });

  getOrder = (orderId: string) =>
    this.call('getOrder', () => {
      const order = this.orders.get(orderId);
      if (!order) throw new AppError('not_found', 'Order not found');
      return { ...order };
    });

  transitionOrder = (orderId: string, status: 'paid' | 'payment_failed' | 'cancelled') =>
    this.call('transitionOrder', () => {
      const order = this.orders.get(orderId);
      if (!order) throw new AppError('not_found', 'Order not found');
      if (order.status === status || movedPast(order.status, status)) return { ...order };
      if (!ORDER_MOVES[order.status]?.includes(status))
        throw new AppError('invalid_state', `${order.status} → ${status}`);
      order.status = status;
      return { ...order };
    });

  reserveStock = (orderId: string, lines: Array<{ productId: string; quantity: number }>) =>
    this.call('reserveStock', () => {
      if (this.reservations.get(orderId) === 'released') throw new AppError('invalid_state', 'released');
      if (this.reservations.has(orderId)) return;
      this.reservations.set(orderId, 'reserved');
      this.reservedLines.set(orderId, lines);
    });

  /** Confirms the reservation and takes its lines out of the cart in one transaction: all of it or nothing. */
  confirmPurchase = (_buyer: Buyer, orderId: string) =>
    this.call('confirmPurchase', () => {
      const state = this.reservations.get(orderId);
      if (!state) throw new AppError('not_found', 'Reservation not found');
      if (state === 'released') throw new AppError('invalid_state', 'The reservation was already released');
      if (state === 'reserved') this.confirmed.push(orderId);
      this.reservations.set(orderId, 'confirmed');
      this.takeOutOfCart(orderId, this.reservedLines.get(orderId) ?? []);
    });

  releaseReservation = (orderId: string) =>
    this.call('releaseReservation', () => {
      const state = this.reservations.get(orderId);
      if (state === 'reserved' || state === 'confirmed') this.restocked.push(orderId);
      this.reservations.set(orderId, 'released');
    });

  charge = (request: { idempotencyKey: string; orderId: string; amount: number }) =>
    this.call('charge', () => {
      const known = this.charges.get(request.idempotencyKey);
      const payment = known ? this.payments.get(known)! : this.capture(request);
      if (payment.failureCode === 'deadline_passed') throw unavailable('503');
      if (payment.status === 'failed') throw new AppError('payment_declined', 'The card was declined');
      return { ...payment };
    });

  private capture(request: { idempotencyKey: string; orderId: string; amount: number }): PaymentRecord {
    const voided = this.voidNextCapture;
    this.voidNextCapture = false;
    const payment: PaymentRecord = {
      id: `pay-${this.payments.size + 1}`,
      orderId: request.orderId,
      status: this.declined || voided ? 'failed' : 'captured',
      amount: request.amount,
      refundedAmount: 0,
      failureCode: voided ? 'deadline_passed' : this.declined ? 'card_declined' : null,
    };
    this.payments.set(payment.id, payment);
    this.charges.set(request.idempotencyKey, payment.id);
    return payment;
  }

  paymentOf = (orderId: string) =>
    this.call('paymentOf', () => {
      const all = [...this.payments.values()].filter((p) => p.orderId === orderId);
      return all.find((p) => p.status !== 'failed') ?? all[0] ?? null;
    });

  refundRest = (payment: PaymentRecord, idempotencyKey: string) =>
    this.call('refundRest', () => {
      if (this.refunds.has(idempotencyKey)) return;
      this.refunds.set(idempotencyKey, payment.id);
      const stored = this.payments.get(payment.id)!;
      stored.refundedAmount = stored.amount;
      stored.status = 'refunded';
    });

  clearPurchased = (_buyer: Buyer, orderId: string, lines: Array<{ productId: string; quantity: number }>) =>
    this.call('clearPurchased', () => this.takeOutOfCart(orderId, lines));

  /** Subtracts an order's lines from the cart, once per order. */
  takeOutOfCart(orderId: string, lines: Array<{ productId: string; quantity: number }>): void {
    if (this.purchasesApplied.includes(orderId)) return;
    this.purchasesApplied.push(orderId);
    this.cart = this.cart
      .map((l) => ({ ...l, quantity: l.quantity - (lines.find((b) => b.productId === l.productId)?.quantity ?? 0) }))
      .filter((l) => l.quantity > 0);
  }

  /** A checkout that ended paid: the order paid, its stock confirmed, its payment captured (no call recorded). */
  paidOrder(buyer: Buyer, orderId: string): PlacedOrder {
    const total = this.cart.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    const order: PlacedOrder = {
      id: orderId,
      buyerId: buyer.id,
      status: 'paid',
      currency: 'EUR',
      total,
      shipments: [{ id: `${orderId}-s1`, sellerId: 'seller-1', items: [{ lineTotal: total }] }],
    };
    this.orders.set(orderId, order);
    this.reservations.set(orderId, 'confirmed');
    this.capture({ idempotencyKey: `checkout:${orderId}`, orderId, amount: total });
    return { ...order };
  }

  /** Calls of `port` so far. */
  callsOf(port: Port): number {
    return this.calls.filter((c) => c === port).length;
  }

  captured(): PaymentRecord[] {
    return [...this.payments.values()].filter((p) => p.status === 'captured');
  }
}
