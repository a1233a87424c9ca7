import { AppError, Conflict, Unauthorized } from '@agora/errors';
import type { ErasureRepository } from '../../data-access/erasure-repository.js';
import type { IdempotencyStore } from '../../data-access/idempotency-store.js';
import type { SagaLog } from '../../data-access/saga-log.js';
import { failureOf, type CheckoutSaga } from './checkout-saga.js';
import { orderIdFor, requestFingerprint } from './order-id.js';
import type { Buyer, CheckoutServices, ShippingAddress } from './ports.js';
import type { CheckoutPlan, StoredResponse } from './saga-record.js';

export interface CheckoutRequest {
  addressId?: string;
  shippingAddress?: ShippingAddress;
  paymentMethod: string;
}

/**
 * POST /checkout: public idempotency around the checkout saga. Same key and body →
 * the stored answer; another body → 422; still running → 409. Validation errors and
 * a 503 raised before anything was done are not stored, so the key may be retried.
 */
export class PlaceOrder {
  constructor(
    private readonly services: CheckoutServices,
    private readonly keys: IdempotencyStore,
    private readonly sagas: SagaLog,
    private readonly saga: CheckoutSaga,
    private readonly erasures: Pick<ErasureRepository, 'isErased'>,
    private readonly leaseMs: number,
  ) {}

  async run(buyer: Buyer, idempotencyKey: string, request: CheckoutRequest): Promise<StoredResponse> {
    const orderId = orderIdFor(buyer.id, idempotencyKey);
    const claim = await this.keys.claim(buyer.id, idempotencyKey, requestFingerprint(request), orderId, this.leaseMs);
    if (claim.outcome === 'replay') return claim.response;
    if (claim.outcome === 'reused') throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with another request body');
    if (claim.outcome === 'in_use') throw new Conflict('A checkout with this Idempotency-Key is still running', 'idempotency_key_in_use');

    let plan: CheckoutPlan;
    try {
      plan = await this.plan(buyer, request);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'service_unavailable' || err.code === 'validation_failed')) {
        await this.keys.release(buyer.id, idempotencyKey);
        throw err;
      }
      return this.answer(buyer, idempotencyKey, failureOf(err));
    }

    const record = { id: orderId, kind: 'checkout' as const, orderId, buyer, idempotencyKey, step: 'planned', state: 'running' as const, plan, paymentId: null, failure: null, attempts: 0 };
    await this.sagas.start(record, this.leaseMs);
    // Looked up after the saga is on record, so an erasure racing this checkout either
    // sees the saga (and waits for it) or is seen here (ErasureRepository).
    if (await this.erasures.isErased(buyer.id)) {
      await this.sagas.forget(record.id);
      await this.keys.release(buyer.id, idempotencyKey);
      throw new Unauthorized('The access token was revoked');
    }
    let response: StoredResponse;
    try {
      response = await this.saga.drive(record, { recovering: false });
    } catch (err) {
      // Not at an end yet (e.g. charged, then a service went down): the recovery job
      // finishes it and stores the answer under this key.
      throw new AppError('service_unavailable', 'The checkout is being completed; retry later with the same Idempotency-Key', { cause: err });
    }
    return this.answer(buyer, idempotencyKey, response);
  }

  private async answer(buyer: Buyer, idempotencyKey: string, response: StoredResponse): Promise<StoredResponse> {
    await this.keys.complete(buyer.id, idempotencyKey, response);
    return response;
  }

  /** The snapshot the saga works from: cart lines with their current prices, and the address. */
  private async plan(buyer: Buyer, request: CheckoutRequest): Promise<CheckoutPlan> {
    const [lines, shippingAddress] = await Promise.all([
      this.services.cartOf(buyer),
      request.addressId ? this.services.addressOf(buyer, request.addressId) : Promise.resolve(request.shippingAddress!),
    ]);
    if (lines.length === 0) throw new AppError('empty_cart', 'The cart is empty');
    const currencies = new Set(lines.map((l) => l.currency));
    if (currencies.size > 1) throw new AppError('mixed_currency', 'The cart holds products in more than one currency', { status: 400 });
    return {
      currency: lines[0].currency,
      total: lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0),
      lines,
      shippingAddress,
      paymentMethod: request.paymentMethod,
    };
  }
}
