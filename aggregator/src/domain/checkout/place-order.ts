import { AppError, Unauthorized } from '@agora/errors';
import type { ErasureRepository } from '../../data-access/erasure-repository.js';
import { isFinal, type IdempotencyStore } from '../../data-access/idempotency-store.js';
import type { SagaLog } from '../../data-access/saga-log.js';
import { CheckoutNotFinished, failureOf, type CheckoutSaga } from './checkout-saga.js';
import { orderIdFor, requestFingerprint } from './order-id.js';
import type { Buyer, CheckoutServices, ShippingAddress } from './ports.js';
import type { CheckoutPlan, SagaRecord, StoredResponse } from './saga-record.js';

export interface CheckoutRequest {
  addressId?: string;
  shippingAddress?: ShippingAddress;
  paymentMethod: string;
}

/** A 503 that is not an answer: the client retries with the same key and gets the final one. */
const retryLater = (message: string, seconds: number, cause?: unknown) =>
  new AppError('service_unavailable', message, {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) },
    cause,
  });

/**
 * POST /checkout: public idempotency around the checkout saga. Same key and body →
 * the stored final answer; another body → 422; an attempt still being driven → 409.
 * A 503 is never stored: while the saga has no end it means "retry with the same key",
 * and an attempt that an outage backed out (nothing charged) leaves the key retryable,
 * so the retry runs a new attempt. A retry that finds its saga abandoned (its driver
 * crashed or gave up, and the lease ran out) drives it on itself.
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
    const claim = await this.keys.claim(
      buyer.id,
      idempotencyKey,
      requestFingerprint(request),
      (attempt) => orderIdFor(buyer.id, idempotencyKey, attempt),
      this.leaseMs,
    );
    if (claim.outcome === 'replay') return claim.response;
    if (claim.outcome === 'reused')
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with another request body');
    if (claim.outcome === 'running')
      return this.resume(buyer, idempotencyKey, claim.orderId, claim.leaseExpired, request);

    // Refused before anything is recorded: otherwise every retry during an outage would leave a payment_failed order.
    const down = this.services.knownDown();
    if (down) {
      await this.keys.release(buyer.id, idempotencyKey, claim.orderId);
      throw retryLater(`The ${down} service is unavailable; nothing was done. Retry with the same Idempotency-Key`, 1);
    }
    let plan: CheckoutPlan;
    try {
      plan = await this.plan(buyer, request);
    } catch (err) {
      // Nothing was done: an outage, a validation error or a fault of ours leaves the key free to retry.
      if (
        !(err instanceof AppError) ||
        err.code === 'service_unavailable' ||
        err.code === 'validation_failed' ||
        err.code === 'internal'
      ) {
        await this.keys.release(buyer.id, idempotencyKey, claim.orderId);
        throw err instanceof AppError && err.code === 'service_unavailable' ? retryLater(err.message, 1, err) : err;
      }
      const failure = failureOf(err);
      await this.keys.answer(buyer.id, idempotencyKey, claim.orderId, failure);
      return failure;
    }
    const record: SagaRecord = {
      id: claim.orderId,
      kind: 'checkout',
      orderId: claim.orderId,
      buyer,
      idempotencyKey,
      step: 'planned',
      state: 'running',
      plan,
      paymentId: null,
      failure: null,
      attempts: 0,
    };
    if (!(await this.sagas.start(record, this.leaseMs))) throw this.inUse(); // another request took the abandoned key over first
    // Looked up after the saga is on record, so an erasure racing this checkout either
    // sees the saga (and waits for it) or is seen here (ErasureRepository).
    if (await this.erasures.isErased(buyer.id)) {
      await this.sagas.forget(record.id);
      await this.keys.release(buyer.id, idempotencyKey, claim.orderId);
      throw new Unauthorized('The access token was revoked');
    }
    return this.drive(record, { recovering: false });
  }

  /** The key's attempt is under way: drive its saga if it was abandoned, else ask the client to wait. */
  private async resume(
    buyer: Buyer,
    idempotencyKey: string,
    orderId: string,
    keyLeaseExpired: boolean,
    request: CheckoutRequest,
  ): Promise<StoredResponse> {
    const abandoned = await this.sagas.claimIfAbandoned(orderId, this.leaseMs);
    if (abandoned) return this.drive(abandoned, { recovering: true });
    // No saga yet and the lease ran out: the request that claimed the key died while planning.
    if (keyLeaseExpired && (await this.keys.takeOverAbandoned(buyer.id, idempotencyKey, orderId, this.leaseMs))) {
      await this.keys.release(buyer.id, idempotencyKey, orderId);
      return this.run(buyer, idempotencyKey, request);
    }
    throw this.inUse();
  }

  private async drive(saga: SagaRecord, options: { recovering: boolean }): Promise<StoredResponse> {
    let response: StoredResponse;
    try {
      response = await this.saga.drive(saga, options);
    } catch (err) {
      if (!(err instanceof CheckoutNotFinished)) throw err;
      throw retryLater(
        'The checkout is not finished yet; retry with the same Idempotency-Key to get its outcome',
        this.leaseMs / 1000,
        err,
      );
    }
    if (!isFinal(response)) throw retryLater((response.body as { detail: string }).detail, 1);
    return response;
  }

  private inUse(): AppError {
    return new AppError(
      'idempotency_key_in_use',
      'A checkout with this Idempotency-Key is still running; retry later with the same key',
      { headers: { 'Retry-After': '1' } },
    );
  }

  /** The snapshot the saga works from: cart lines with their current prices, and the address. */
  private async plan(buyer: Buyer, request: CheckoutRequest): Promise<CheckoutPlan> {
    const [lines, shippingAddress] = await Promise.all([
      this.services.cartOf(buyer),
      request.addressId ? this.services.addressOf(buyer, request.addressId) : Promise.resolve(request.shippingAddress!),
    ]);
    if (lines.length === 0) throw new AppError('empty_cart', 'The cart is empty');
    // Sold out already (the last units went to other buyers): refused here, before any saga,
    // as the reservation would refuse it. Enough stock now is no promise; the reservation decides.
    const short = lines.filter((l) => l.inStock !== undefined && l.inStock < l.quantity);
    if (short.length > 0) {
      throw new AppError('insufficient_stock', 'Not enough stock for every line', {
        errors: short.map((l) => ({
          path: `/items/${l.productId}`,
          message: `product ${l.productId}: ${l.quantity} requested, ${l.inStock} in stock`,
        })),
      });
    }
    const currencies = new Set(lines.map((l) => l.currency));
    if (currencies.size > 1)
      throw new AppError('mixed_currency', 'The cart holds products in more than one currency', { status: 400 });
    return {
      currency: lines[0].currency,
      total: lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0),
      // The stock seen was for the check above only; the saga's record keeps what it needs.
      lines: lines.map(({ inStock: _inStock, ...line }) => line),
      shippingAddress,
      paymentMethod: request.paymentMethod,
    };
  }
}
