import { randomUUID } from 'node:crypto';
import { InvalidState, NotFound, ServiceUnavailable } from '@agora/errors';
import type { IdempotencyKeyRepository } from '../data-access/idempotency-key-repository.js';
import type { PaymentRepository } from '../data-access/payment-repository.js';
import type { RefundPlan, RefundRepository } from '../data-access/refund-repository.js';
import { LostClaim, type Claim, type StoredResponse } from './idempotent-request.js';
import { refundEntries } from './ledger.js';
import type { PaymentRecord, Refund } from './payment.js';
import { splitRefund } from './platform-fee.js';
import { ProcessorFailed, ProcessorTimedOut, type PaymentProcessor } from './processor.js';

/** Spreads a refund over the shipments (see splitRefund) and books it against pending or, once delivered, available. */
export const planRefund: RefundPlan = ({ payment, refundedBefore, amount, shipments }) => {
  const parts = splitRefund({ amount: payment.amount, refundedBefore, refund: amount, shipments });
  const perShipment = shipments.map((s, i) => ({
    shipmentId: s.shipmentId,
    sellerId: s.sellerId,
    delivered: s.delivered,
    ...parts[i],
  }));
  return {
    shipments: perShipment.map(({ shipmentId, net, fee }) => ({ shipmentId, net, fee })),
    entries: refundEntries(amount, perShipment),
  };
};

/**
 * Full or partial refunds of a captured payment. The ledger books the refund first
 * (bounded by the captured amount in the database), then the processor is asked to
 * pay it out under the refund's own id; if that call has no answer, the key is
 * released and a retry with it resumes the same refund rather than booking another.
 */
export class Refunds {
  constructor(
    private readonly deps: {
      payments: PaymentRepository;
      refunds: RefundRepository;
      keys: IdempotencyKeyRepository;
      processor: PaymentProcessor;
      now: () => Date;
    },
  ) {}

  async paymentToRefund(paymentId: string): Promise<PaymentRecord> {
    const payment = await this.deps.payments.find(paymentId);
    if (!payment) throw new NotFound('Payment');
    return payment;
  }

  async refund(claim: Claim, payment: PaymentRecord, amount: number | undefined): Promise<StoredResponse> {
    const refund =
      (claim.resourceId && (await this.deps.refunds.find(claim.resourceId))) ||
      (await this.book(claim, payment, amount));
    try {
      await this.deps.processor.refund({
        idempotencyKey: `refund:${refund.id}`,
        processorRef: payment.processorRef ?? '',
        amount: refund.amount,
        currency: payment.currency,
      });
    } catch (err) {
      // The refund stays booked; the key is released and a retry pays out this same refund.
      throw err instanceof ProcessorTimedOut || err instanceof ProcessorFailed
        ? new ServiceUnavailable('payment processor', err)
        : err;
    }
    const response = { status: 201, body: refund };
    if (!(await this.deps.keys.complete(claim, response, this.deps.now()))) throw new LostClaim();
    return response;
  }

  private async book(claim: Claim, payment: PaymentRecord, amount: number | undefined): Promise<Refund> {
    const reservation = await this.deps.refunds.reserve({
      claim,
      paymentId: payment.id,
      amount,
      refundId: randomUUID(),
      now: this.deps.now(),
      plan: planRefund,
    });
    if (reservation.outcome === 'reserved') return reservation.refund;
    if (reservation.outcome === 'not_refundable')
      throw new InvalidState(`A ${payment.status} payment cannot be refunded`);
    throw new InvalidState('The refund would exceed what is left of the captured amount');
  }
}
