import { AppError, InvalidState, NotFound, ServiceUnavailable } from '@agora/errors';
import type { SagaLog } from '../../data-access/saga-log.js';
import { orderView } from './checkout-saga.js';
import type { Buyer, CheckoutServices } from './ports.js';
import type { SagaRecord, StoredResponse } from './saga-record.js';

/**
 * POST /orders/{id}/cancel as a saga: mark the order cancelled (the orders service
 * refuses once a shipment shipped), refund the payment in full, restock. Once the
 * order is cancelled the rest is only driven forward, by the recovery job if a
 * service is down now.
 */
export class CancelOrder {
  constructor(
    private readonly services: CheckoutServices,
    private readonly sagas: SagaLog,
    private readonly leaseMs: number,
  ) {}

  async run(buyer: Buyer, orderId: string): Promise<StoredResponse> {
    const order = await this.services.getOrder(orderId).catch((err) => {
      throw err instanceof AppError && err.code === 'not_found' ? new NotFound('Order') : err;
    });
    if (order.buyerId !== buyer.id) throw new NotFound('Order');
    if (order.status !== 'paid') throw new InvalidState(`An order that is ${order.status} cannot be cancelled`);

    const saga: SagaRecord = {
      id: `cancel:${orderId}`,
      kind: 'cancel',
      orderId,
      buyer,
      idempotencyKey: null,
      step: 'requested',
      state: 'running',
      plan: {},
      paymentId: null,
      failure: null,
      attempts: 0,
    };
    if (!(await this.sagas.start(saga, this.leaseMs))) throw new InvalidState('This order is already being cancelled');
    try {
      await this.services.transitionOrder(orderId, 'cancelled');
    } catch (err) {
      // Refused, or never sent: nothing changed, and a later cancel may try again. Otherwise the
      // order may be cancelled already, and the saga stays for the recovery job to find out (drive).
      if (changedNothing(err)) await this.sagas.forget(saga.id);
      throw err;
    }
    saga.step = 'order_cancelled';
    await this.sagas.save(saga, this.leaseMs);
    return this.drive(saga);
  }

  /** Refund and restock after the order is cancelled; idempotent, safe to repeat. */
  async drive(saga: SagaRecord): Promise<StoredResponse> {
    if (saga.step === 'requested') {
      // Its driver crashed, or did not hear the orders service answer. Reading the order would not
      // settle it: the first cancel may still be in flight (a frozen replica) and land after the
      // read. Sending it again does: it waits behind the first on the order's row lock, repeats
      // it as a no-op if it went through, and is refused as the first was if the order cannot
      // be cancelled; an outage leaves the saga for the next pass.
      try {
        await this.services.transitionOrder(saga.orderId, 'cancelled');
      } catch (err) {
        if (!refused(err)) throw err;
        await this.sagas.forget(saga.id);
        return { status: 409, body: null };
      }
      saga.step = 'order_cancelled';
    }
    const payment = await this.services.paymentOf(saga.orderId);
    if (payment && (payment.status === 'captured' || payment.status === 'partially_refunded')) {
      await this.services.refundRest(payment, `cancel:${saga.orderId}`);
    }
    await this.services.releaseReservation(saga.orderId);
    saga.state = 'completed';
    saga.step = 'done';
    await this.sagas.save(saga, this.leaseMs);
    const [order, refunded] = await Promise.all([
      this.services.getOrder(saga.orderId),
      this.services.paymentOf(saga.orderId),
    ]);
    return { status: 200, body: orderView(order, refunded) };
  }
}

/** The orders service answered (a refusal), or was never reached: the cancel did not happen. */
const changedNothing = (err: unknown) =>
  err instanceof AppError &&
  (err instanceof ServiceUnavailable ? err.neverReached : err.code !== 'service_unavailable');

/** The orders service answered with a refusal: the order cannot be cancelled (it shipped, or there is none). */
const refused = (err: unknown) => err instanceof AppError && err.code !== 'service_unavailable';
