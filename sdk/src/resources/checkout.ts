import { newIdempotencyKey } from '../idempotency-key.js';
import type { RequestOptions, Transport } from '../transport.js';
import type { CheckoutRequest, Order } from '../types.js';

export interface CheckoutOptions extends RequestOptions {
  /**
   * The key of this checkout attempt (default: a fresh UUID). Keep it with the attempt: sent
   * again with the same body, it answers the first outcome and never charges twice. A failed
   * call's AgoraError carries the key it used, as `idempotencyKey`.
   */
  idempotencyKey?: string;
}

/** Turning the cart into a paid order. */
export class Checkout {
  constructor(private readonly transport: Transport) {}

  /**
   * Checks out the cart. No answer, a 503, a 429 or a 409 `idempotency_key_in_use` is retried
   * with the same key (waiting `Retry-After` when given), so a call that resolves has the
   * final outcome; one that still fails throws an AgoraError whose `idempotencyKey` retries it later.
   */
  create(
    body: CheckoutRequest,
    { idempotencyKey = newIdempotencyKey(), ...options }: CheckoutOptions = {},
  ): Promise<Order> {
    return this.transport.operation('checkout', { body, idempotencyKey }, options);
  }
}
