import { randomUUID } from 'node:crypto';
import { DeadlinePassed, InvalidState, ServiceUnavailable, ValidationFailed } from '@agora/errors';
import { assertBeforeDeadline } from '@agora/request-context';
import type { PaymentRepository } from '../data-access/payment-repository.js';
import { LostClaim, type Claim, type StoredResponse } from './idempotent-request.js';
import { captureEntries, type ShipmentSplit } from './ledger.js';
import { paymentView, type ChargeRequest, type PaymentRecord } from './payment.js';
import { platformFee } from './platform-fee.js';
import { ProcessorFailed, ProcessorTimedOut, type CaptureResult, type PaymentProcessor } from './processor.js';

const problem = (code: string, detail: string) => ({ code, detail });

/** Checks a charge before its key is claimed: a 400 here is not stored, so the caller may fix and retry. */
export function validateCharge(request: ChargeRequest, processor: PaymentProcessor): void {
  if (!processor.accepts(request.paymentMethod)) {
    throw new ValidationFailed('Unknown payment method', [
      { path: '/body/paymentMethod', message: 'is not a payment method this service accepts' },
    ]);
  }
  const sum = request.shipments.reduce((total, s) => total + s.subtotal, 0);
  if (sum !== request.amount)
    throw new ValidationFailed('The shipments do not add up to the amount', [
      { path: '/body/shipments', message: `subtotals sum to ${sum}, not ${request.amount}` },
    ]);
  if (new Set(request.shipments.map((s) => s.shipmentId)).size !== request.shipments.length) {
    throw new ValidationFailed('A shipment appears twice', [
      { path: '/body/shipments', message: 'shipment ids must be unique' },
    ]);
  }
}

/**
 * Captures an order's payment through the processor and records the outcome with
 * its ledger entries. Runs under a claimed idempotency key; the processor call
 * reuses that key, so a retry after a crash never captures twice.
 */
export class Charges {
  constructor(
    private readonly deps: {
      payments: PaymentRepository;
      processor: PaymentProcessor;
      claims: { stillHeld(claim: Claim): Promise<boolean> };
      feeBps: number;
      now: () => Date;
    },
  ) {}

  async charge(claim: Claim, request: ChargeRequest): Promise<StoredResponse> {
    const { payments, processor } = this.deps;
    if (await payments.findCapturedForOrder(request.orderId))
      throw new InvalidState('This order already has a captured payment');
    const base = {
      id: randomUUID(),
      orderId: request.orderId,
      buyerId: request.buyerId,
      amount: request.amount,
      refundedAmount: 0,
      currency: request.currency,
      createdAt: this.deps.now().toISOString(),
    };
    assertBeforeDeadline(); // the caller gave up while this request waited: the processor is never asked
    let result: CaptureResult;
    try {
      result = await processor.authorizeAndCapture({
        idempotencyKey: `charge:${claim.keyHash}`,
        amount: request.amount,
        currency: request.currency,
        paymentMethod: request.paymentMethod,
      });
    } catch (err) {
      if (err instanceof ProcessorTimedOut) throw new ServiceUnavailable('payment processor', err);
      if (!(err instanceof ProcessorFailed)) throw err;
      const failed: PaymentRecord = {
        ...base,
        status: 'failed',
        brand: err.card?.brand ?? null,
        last4: err.card?.last4 ?? null,
        failureCode: 'processor_error',
        processorRef: null,
      };
      return this.record(claim, failed, [], {
        status: 502,
        body: problem('payment_failed', 'The payment processor failed; no money was taken'),
      });
    }
    if (result.outcome === 'declined') {
      const declined: PaymentRecord = {
        ...base,
        status: 'failed',
        ...result.card,
        failureCode: result.declineCode,
        processorRef: null,
      };
      return this.record(claim, declined, [], {
        status: 402,
        body: problem('payment_declined', `The card was declined (${result.declineCode})`),
      });
    }
    const captured: PaymentRecord = {
      ...base,
      status: 'captured',
      ...result.card,
      failureCode: null,
      processorRef: result.processorRef,
    };
    const shipments: ShipmentSplit[] = request.shipments.map((s) => ({
      ...s,
      fee: platformFee(s.subtotal, this.deps.feeBps),
    }));
    try {
      // The capture commits only if the caller still waits for it, checked inside its transaction.
      return await this.record(
        claim,
        captured,
        shipments,
        { status: 201, body: paymentView(captured) },
        assertBeforeDeadline,
      );
    } catch (err) {
      if (err instanceof DeadlinePassed) return this.voidLateCapture(claim, captured);
      throw err;
    }
  }

  /**
   * The caller gave up while the processor captured: the money goes back and the payment is
   * recorded failed (`deadline_passed`). The 503 is this key's stored answer, unlike other
   * 503s: a retry under the key would get the processor's first, now voided, capture again.
   */
  private async voidLateCapture(claim: Claim, captured: PaymentRecord): Promise<StoredResponse> {
    // A retry that took the key over (its lock ended with this caller's deadline) asked the
    // processor under the same key and owns that capture now: it must not be voided here.
    if (!(await this.deps.claims.stillHeld(claim))) throw new LostClaim();
    try {
      await this.deps.processor.refund({
        idempotencyKey: `void:${claim.keyHash}`,
        processorRef: captured.processorRef!,
        amount: captured.amount,
        currency: captured.currency,
      });
    } catch (err) {
      // Not voided yet: nothing recorded and the key stays retryable, so a retry records the capture after all.
      throw new ServiceUnavailable('payment processor', err);
    }
    const voided: PaymentRecord = { ...captured, status: 'failed', failureCode: 'deadline_passed' };
    return this.record(claim, voided, [], {
      status: 503,
      body: problem(
        'service_unavailable',
        "The caller's deadline passed; the capture was voided and no money was taken",
      ),
    });
  }

  private async record(
    claim: Claim,
    payment: PaymentRecord,
    shipments: ShipmentSplit[],
    response: StoredResponse,
    beforeCommit?: () => void,
  ): Promise<StoredResponse> {
    const entries = payment.status === 'captured' ? captureEntries(payment.amount, shipments) : [];
    const outcome = await this.deps.payments.recordCharge({
      claim,
      payment,
      shipments,
      entries,
      response,
      beforeCommit,
    });
    if (outcome === 'recorded') return response;
    // Another key captured this order meanwhile: give this capture back before refusing.
    if (payment.processorRef) {
      await this.deps.processor.refund({
        idempotencyKey: `void:${claim.keyHash}`,
        processorRef: payment.processorRef,
        amount: payment.amount,
        currency: payment.currency,
      });
    }
    throw new InvalidState('This order already has a captured payment');
  }
}
