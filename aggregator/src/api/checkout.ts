import type { Context } from 'koa';
import { AppError, ValidationFailed } from '@agora/errors';
import type { Caller } from '@agora/identity';
import { createRouter, requireUser } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { PlaceOrder, CheckoutRequest } from '../domain/checkout/place-order.js';
import type { CancelOrder } from '../domain/checkout/cancel-order.js';
import type { StoredResponse } from '../domain/checkout/saga-record.js';

const PRINTABLE_ASCII = /^[\x20-\x7E]{1,255}$/;

function idempotencyKeyOf(ctx: Context): string {
  const key = ctx.get('idempotency-key');
  if (!key) throw new AppError('idempotency_key_missing', 'The Idempotency-Key header is required');
  if (!PRINTABLE_ASCII.test(key)) {
    throw new ValidationFailed('The Idempotency-Key header is not valid', [{ path: '/headers/idempotency-key', message: 'must be 1–255 printable ASCII characters' }]);
  }
  return key;
}

function reply(ctx: Context, response: StoredResponse) {
  ctx.status = response.status;
  ctx.body = response.body;
  if (response.status >= 400) ctx.type = 'application/problem+json';
}

/** POST /checkout and POST /orders/{id}/cancel: the aggregator's sagas. */
export function checkoutRoutes(spec: OpenApiSpec, deps: { placeOrder: PlaceOrder; cancelOrder: CancelOrder }) {
  const router = createRouter({ prefix: '/api/v1' });
  router.post('/checkout', requireUser(), async (ctx, next) => {
    ctx.state.idempotencyKey = idempotencyKeyOf(ctx);
    await next();
  }, spec.validate('checkout'), async (ctx) => {
    reply(ctx, await deps.placeOrder.run(ctx.state.caller as Caller, ctx.state.idempotencyKey, ctx.request.body as CheckoutRequest));
  });
  router.post('/orders/:id/cancel', requireUser(), spec.validate('cancelOrder'), async (ctx) => {
    reply(ctx, await deps.cancelOrder.run(ctx.state.caller as Caller, ctx.state.params.id));
  });
  return router;
}
