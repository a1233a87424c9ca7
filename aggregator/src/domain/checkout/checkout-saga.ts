import { AppError, ServiceUnavailable, problemBody } from '@agora/errors';
import type { CheckoutServices, PaymentRecord, PlacedOrder } from './ports.js';
import { LeaseLost, type CheckoutPlan, type SagaRecord, type StoredResponse } from './saga-record.js';
import type { SagaLog } from '../../data-access/saga-log.js';

/**
 * Forward steps of a checkout, in order; each names what is done once it is recorded. This
 * version records `planned`, `stock_reserved` (order created and stock reserved) and `done`;
 * the others are read from sagas that an earlier version recorded step by step.
 */
export const CHECKOUT_STEPS = [
  'planned',
  'order_created',
  'stock_reserved',
  'charged',
  'reservation_confirmed',
  'order_paid',
  'cart_cleared',
  'done',
] as const;
type CheckoutStep = (typeof CHECKOUT_STEPS)[number];

const reached = (saga: SagaRecord, step: CheckoutStep) =>
  CHECKOUT_STEPS.indexOf(saga.step as CheckoutStep) >= CHECKOUT_STEPS.indexOf(step);

/** Failures that are answers, not outages: the saga compensates at once and the answer is final. */
const DEFINITIVE = new Set([
  'insufficient_stock',
  'payment_declined',
  'payment_failed',
  'not_found',
  'validation_failed',
  'invalid_state',
  'mixed_currency',
  'empty_cart',
]);
const isDefinitive = (err: unknown) => err instanceof AppError && DEFINITIVE.has(err.code);

/** The charge certainly took no money: payments was never reached, or it voided the capture. */
class NothingCharged extends Error {
  constructor(reason: string, cause?: unknown) {
    super(reason, { cause });
    this.name = 'NothingCharged';
  }
}

export function failureOf(err: unknown): StoredResponse {
  const error = err instanceof AppError ? err : new AppError('internal', 'Something went wrong on our side');
  return {
    status: error.status,
    body: problemBody(error.status, error.code, error.message, error.errors, '/api/v1/checkout'),
  };
}

/** The end of an attempt that an outage backed out: a 503, so the key is not used up (IdempotencyStore). */
export const BACKED_OUT = (): StoredResponse =>
  failureOf(
    new AppError(
      'service_unavailable',
      'The checkout could not be completed; nothing was charged and your cart is unchanged. Retry with the same Idempotency-Key',
    ),
  );

/**
 * The saga has not reached an end yet (a service is down or slow, or another driver
 * took it over): the recovery job, or a retry with the same key once the lease has
 * run out, drives it on.
 */
export class CheckoutNotFinished extends Error {
  constructor(cause: unknown) {
    super('the checkout has not reached an end yet', { cause });
    this.name = 'CheckoutNotFinished';
  }
}

export function orderView(order: PlacedOrder, payment: PaymentRecord | null): PlacedOrder {
  return {
    ...order,
    payment: payment
      ? { id: payment.id, status: payment.status, amount: payment.amount, refundedAmount: payment.refundedAmount }
      : null,
  };
}

/**
 * The checkout saga: reserve stock → create the pending order → charge → confirm the
 * reservation and take the bought lines out of the cart (one call), and mark the order paid
 * (together). Every step is idempotent on the order id (derived from the idempotency key),
 * every step before the charge is undone by compensation, and every step after it is only
 * ever driven forward. Its end and its answer are written in one transaction (SagaLog.end).
 */
export class CheckoutSaga {
  constructor(
    private readonly services: CheckoutServices,
    private readonly sagas: SagaLog,
    private readonly leaseMs: number,
  ) {}

  /**
   * Drives a checkout from its recorded step to an end and returns the answer stored
   * with that end; throws CheckoutNotFinished while no end can be reached yet.
   * `recovering`: the saga was taken over from a driver that is gone, so its last call's
   * outcome is unknown and is found out first.
   */
  async drive(saga: SagaRecord, options: { recovering: boolean }): Promise<StoredResponse> {
    try {
      if (saga.state === 'compensating') return await this.compensate(saga);
      return await this.forward(saga, options.recovering);
    } catch (err) {
      throw err instanceof CheckoutNotFinished ? err : new CheckoutNotFinished(err);
    }
  }

  private async forward(saga: SagaRecord, recovering: boolean): Promise<StoredResponse> {
    const plan = saga.plan as CheckoutPlan;
    let order: PlacedOrder | undefined;
    let payment: PaymentRecord | undefined;
    try {
      if (saga.step === 'planned' || saga.step === 'order_created') {
        const lines = plan.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
        try {
          await this.services.reserveStock(saga.orderId, lines);
        } catch (err) {
          // Refused outright (e.g. insufficient_stock) before this driver sent anything else: nothing exists to undo.
          if (isDefinitive(err) && !recovering && saga.step === 'planned')
            return await this.refusedUntouched(saga, err);
          throw err;
        }
        order = await this.services.createOrder(saga.buyer, saga.orderId, {
          currency: plan.currency,
          lines: plan.lines,
          shippingAddress: plan.shippingAddress,
        });
        await this.advance(saga, 'stock_reserved');
      }
      if (saga.step === 'stock_reserved') {
        payment = await this.charge(saga, order, recovering);
        // Not saved on its own: a driver that takes over at `stock_reserved` asks payments first (charge()).
        saga.paymentId = payment.id;
        saga.step = 'charged';
      }
    } catch (err) {
      if (err instanceof LeaseLost || reached(saga, 'charged')) throw err;
      // A charge whose outcome is unknown is neither undone nor answered: it is found out later.
      if (saga.step === 'stock_reserved' && !isDefinitive(err) && !(err instanceof NothingCharged)) throw err;
      saga.failure = isDefinitive(err) ? failureOf(err) : BACKED_OUT();
      saga.state = 'compensating';
      await this.sagas.save(saga, this.leaseMs);
      return this.compensate(saga);
    }
    return this.finish(saga, payment);
  }

  /**
   * Sends the charge. A driver that took the saga over first asks payments whether the
   * previous driver's charge was captured; if not, it sends the same charge again under
   * the same key, which payments answers with that charge's stored outcome or runs now
   * (the previous call's deadline has passed, so it can no longer be captured).
   */
  private async charge(saga: SagaRecord, order: PlacedOrder | undefined, recovering: boolean): Promise<PaymentRecord> {
    if (recovering) {
      const earlier = await this.services.paymentOf(saga.orderId);
      if (earlier && earlier.status !== 'failed') return earlier;
      // Captured after the previous driver gave up, and voided by payments: that key's answer is final, and took nothing.
      if (earlier?.failureCode === 'deadline_passed') throw new NothingCharged('the late capture was voided');
    }
    const placed = order ?? (await this.services.getOrder(saga.orderId));
    const charging = this.services.charge({
      idempotencyKey: `checkout:${saga.orderId}`,
      orderId: saga.orderId,
      buyerId: saga.buyer.id,
      amount: placed.total,
      currency: placed.currency,
      paymentMethod: (saga.plan as CheckoutPlan).paymentMethod,
      shipments: placed.shipments.map((s) => ({
        shipmentId: s.id,
        sellerId: s.sellerId,
        subtotal: s.items.reduce((sum, i) => sum + i.lineTotal, 0),
      })),
    });
    return charging.catch((err) => {
      throw err instanceof ServiceUnavailable && err.neverReached
        ? new NothingCharged('payments refused the connection', err)
        : err;
    });
  }

  /**
   * After the charge only forward: confirm the reservation and take the bought lines out of
   * the cart (one call to inventory), and mark the order paid. Both are independent and
   * idempotent, so they go together, and the saga's end is its next write: a driver that
   * stops half-way leaves the saga where it was, and whoever takes it over sends them again.
   */
  private async finish(saga: SagaRecord, charged?: PaymentRecord): Promise<StoredResponse> {
    const [, paid] = await Promise.all([
      this.confirmPurchase(saga),
      reached(saga, 'order_paid')
        ? undefined
        : this.services.transitionOrder(saga.orderId, 'paid', saga.paymentId ?? undefined),
    ]);
    const response = await this.answerOfCompleted(saga, paid, charged);
    saga.state = 'completed';
    saga.step = 'done';
    await this.sagas.end(saga, response, this.leaseMs);
    return response;
  }

  /**
   * The reservation confirmed and the cart cleared, by one call; a saga that an earlier version
   * recorded at `reservation_confirmed` or `order_paid` (the cart not cleared yet) clears the cart
   * alone, with the lines of its plan.
   */
  private async confirmPurchase(saga: SagaRecord): Promise<void> {
    if (!reached(saga, 'reservation_confirmed')) return this.services.confirmPurchase(saga.buyer, saga.orderId);
    if (reached(saga, 'cart_cleared')) return;
    const purchased = (saga.plan as CheckoutPlan).lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    return this.services.clearPurchased(saga.buyer, saga.orderId, purchased);
  }

  /** Ends a saga whose first call was refused: no reservation, no order, nothing to compensate, and the refusal is the answer. */
  private async refusedUntouched(saga: SagaRecord, err: unknown): Promise<StoredResponse> {
    const response = failureOf(err);
    saga.failure = response;
    saga.state = 'compensated';
    await this.sagas.end(saga, response, this.leaseMs);
    return response;
  }

  /** The 201 of a completed checkout: the paid order with its payment. */
  async answerOfCompleted(saga: SagaRecord, order?: PlacedOrder, payment?: PaymentRecord): Promise<StoredResponse> {
    const [placed, paid] = await Promise.all([
      order ?? this.services.getOrder(saga.orderId),
      payment ?? this.services.paymentOf(saga.orderId),
    ]);
    return { status: 201, body: orderView(placed, paid) };
  }

  /**
   * Undoes a checkout that did not get paid: return the stock and mark the order
   * payment_failed. Every call is idempotent; a service that is down leaves the saga
   * `compensating` for the recovery job. A saga recorded as `charge_unknown` (by a
   * version that compensated before a charge's fate was known) refunds a charge that
   * was captured after all.
   */
  private async compensate(saga: SagaRecord): Promise<StoredResponse> {
    await this.services.releaseReservation(saga.orderId);
    await this.services.transitionOrder(saga.orderId, 'payment_failed').catch((err) => {
      if (!(err instanceof AppError && err.code === 'not_found')) throw err; // the order was never created
    });
    if (saga.step === 'charge_unknown') {
      const payment = await this.services.paymentOf(saga.orderId);
      if (payment && (payment.status === 'captured' || payment.status === 'partially_refunded')) {
        await this.services.refundRest(payment, `checkout-void:${saga.orderId}`);
      }
    }
    const response = saga.failure ?? BACKED_OUT();
    saga.state = 'compensated';
    await this.sagas.end(saga, response, this.leaseMs);
    return response;
  }

  private async advance(saga: SagaRecord, step: CheckoutStep): Promise<void> {
    saga.step = step;
    await this.sagas.save(saga, this.leaseMs);
  }
}
