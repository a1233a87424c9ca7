import { AppError } from '@agora/errors';
import { problemBody } from '@agora/koa-kit';
import type { CheckoutServices, PaymentRecord, PlacedOrder } from './ports.js';
import type { CheckoutPlan, SagaRecord, StoredResponse } from './saga-record.js';
import type { SagaLog } from '../../data-access/saga-log.js';

/** Forward steps of a checkout, in order; each names what is done once it is recorded. */
export const CHECKOUT_STEPS = ['planned', 'order_created', 'stock_reserved', 'charged', 'reservation_confirmed', 'order_paid', 'done'] as const;
type CheckoutStep = (typeof CHECKOUT_STEPS)[number];

const reached = (saga: SagaRecord, step: CheckoutStep) => CHECKOUT_STEPS.indexOf(saga.step as CheckoutStep) >= CHECKOUT_STEPS.indexOf(step);

/** Failures that are answers, not outages: the saga compensates at once and the answer is final. */
const DEFINITIVE = new Set(['insufficient_stock', 'payment_declined', 'payment_failed', 'not_found', 'validation_failed', 'invalid_state', 'mixed_currency', 'empty_cart']);

export function failureOf(err: unknown): StoredResponse {
  const error = err instanceof AppError ? err : new AppError('internal', 'Something went wrong on our side');
  return { status: error.status, body: problemBody(error.status, error.code, error.message, error.errors, '/api/v1/checkout') };
}

const INTERRUPTED = (): StoredResponse =>
  failureOf(new AppError('service_unavailable', 'The checkout could not be completed; nothing was charged and your cart is unchanged'));

export function orderView(order: PlacedOrder, payment: PaymentRecord | null): PlacedOrder {
  return {
    ...order,
    payment: payment ? { id: payment.id, status: payment.status, amount: payment.amount, refundedAmount: payment.refundedAmount } : null,
  };
}

/**
 * The checkout saga: create the pending order → reserve stock → charge → confirm the
 * reservation → mark the order paid → clear the cart. Every step is idempotent on the
 * order id (derived from the idempotency key), every step before the charge is undone
 * by compensation, and every step after it is only ever driven forward.
 */
export class CheckoutSaga {
  constructor(
    private readonly services: CheckoutServices,
    private readonly sagas: SagaLog,
    private readonly leaseMs: number,
  ) {}

  /** Drives a checkout from its recorded step to an end; returns the public answer, or throws while the end is not reached yet. */
  async drive(saga: SagaRecord, options: { recovering: boolean }): Promise<StoredResponse> {
    if (saga.state === 'compensating') return this.compensate(saga, options.recovering);
    const plan = saga.plan as CheckoutPlan;
    try {
      if (options.recovering && saga.step === 'stock_reserved') await this.resolveUnknownCharge(saga);
      else if (options.recovering && !reached(saga, 'charged')) throw new AppError('service_unavailable', 'checkout interrupted before the charge');
      let order: PlacedOrder | undefined;
      let payment: PaymentRecord | undefined;
      if (saga.step === 'planned') {
        order = await this.services.createOrder(saga.buyer, saga.orderId, { currency: plan.currency, lines: plan.lines, shippingAddress: plan.shippingAddress });
        await this.advance(saga, 'order_created');
      }
      if (saga.step === 'order_created') {
        await this.services.reserveStock(saga.orderId, plan.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })));
        await this.advance(saga, 'stock_reserved');
      }
      if (saga.step === 'stock_reserved') {
        order ??= await this.services.getOrder(saga.orderId);
        payment = await this.services.charge({
          idempotencyKey: `checkout:${saga.orderId}`,
          orderId: saga.orderId,
          buyerId: saga.buyer.id,
          amount: order.total,
          currency: order.currency,
          paymentMethod: plan.paymentMethod,
          shipments: order.shipments.map((s) => ({ shipmentId: s.id, sellerId: s.sellerId, subtotal: s.items.reduce((sum, i) => sum + i.lineTotal, 0) })),
        });
        saga.paymentId = payment.id;
        await this.advance(saga, 'charged');
      }
      return await this.finish(saga, payment);
    } catch (err) {
      if (reached(saga, 'charged')) throw err; // money taken: only forward, by the recovery job if not now
      const chargeUnknown = saga.step === 'stock_reserved' && !(err instanceof AppError && DEFINITIVE.has(err.code));
      saga.failure = chargeUnknown || !(err instanceof AppError && DEFINITIVE.has(err.code)) ? INTERRUPTED() : failureOf(err);
      saga.state = 'compensating';
      if (chargeUnknown) saga.step = 'charge_unknown';
      await this.sagas.save(saga, this.leaseMs);
      return this.compensate(saga, options.recovering);
    }
  }

  private async finish(saga: SagaRecord, charged?: PaymentRecord): Promise<StoredResponse> {
    if (saga.step === 'charged') {
      await this.services.confirmReservation(saga.orderId);
      await this.advance(saga, 'reservation_confirmed');
    }
    let order: PlacedOrder | undefined;
    if (saga.step === 'reservation_confirmed') {
      order = await this.services.transitionOrder(saga.orderId, 'paid', saga.paymentId ?? undefined);
      await this.advance(saga, 'order_paid');
    }
    if (saga.step === 'order_paid') {
      await this.services.clearPurchased(saga.buyer, saga.orderId, (saga.plan as CheckoutPlan).lines.map((l) => ({ productId: l.productId, quantity: l.quantity })));
      saga.state = 'completed';
      await this.advance(saga, 'done');
    }
    order ??= await this.services.getOrder(saga.orderId);
    const payment = charged ?? (await this.services.paymentOf(saga.orderId).catch(() => null));
    return { status: 201, body: orderView(order, payment) };
  }

  /** After a crash between "reserved" and "charged": did the charge happen? Payments knows. */
  private async resolveUnknownCharge(saga: SagaRecord): Promise<void> {
    const payment = await this.services.paymentOf(saga.orderId);
    if (payment && payment.status !== 'failed') {
      saga.paymentId = payment.id;
      await this.advance(saga, 'charged');
      return;
    }
    throw new AppError('service_unavailable', 'checkout interrupted before a charge was captured');
  }

  /**
   * Undoes a checkout that did not get paid: return the stock and mark the order
   * payment_failed at once; when the charge's fate is unknown (payments timed out or
   * went down mid-call), the recovery job later asks payments, once the lease has run
   * out and no charge can still be in flight, and refunds one that was captured after
   * all. Every call is idempotent; a service that is down leaves the saga
   * `compensating` for the recovery job.
   */
  private async compensate(saga: SagaRecord, recovering: boolean): Promise<StoredResponse> {
    await this.services.releaseReservation(saga.orderId);
    await this.services.transitionOrder(saga.orderId, 'payment_failed').catch((err) => {
      if (!(err instanceof AppError && err.code === 'not_found')) throw err; // the order was never created
    });
    if (saga.step === 'charge_unknown') {
      if (!recovering) return saga.failure ?? INTERRUPTED();
      const payment = await this.services.paymentOf(saga.orderId);
      if (payment && (payment.status === 'captured' || payment.status === 'partially_refunded')) {
        await this.services.refundRest(payment, `checkout-void:${saga.orderId}`);
      }
    }
    saga.state = 'compensated';
    await this.sagas.save(saga, this.leaseMs);
    return saga.failure ?? INTERRUPTED();
  }

  private async advance(saga: SagaRecord, step: CheckoutStep): Promise<void> {
    saga.step = step;
    await this.sagas.save(saga, this.leaseMs);
  }
}
