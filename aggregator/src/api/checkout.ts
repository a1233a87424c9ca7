import type { Context, Middleware } from 'koa';
import { AppError, ValidationFailed } from '@agora/errors';
import { createRouter, requireUser } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { PlaceOrder } from '../domain/checkout/place-order.js';
import type { CancelOrder } from '../domain/checkout/cancel-order.js';
import type { StoredResponse } from '../domain/checkout/saga-record.js';
import type { operations } from './generated/public.js';

const PRINTABLE_ASCII = /^[\x20-\x7E]{1,255}$/;

function idempotencyKeyOf(ctx: Context): string {
  const key = ctx.get('idempotency-key');
  if (!key) throw new AppError('idempotency_key_missing', 'The Idempotency-Key header is required');
  if (!PRINTABLE_ASCII.test(key)) {
    throw new ValidationFailed('The Idempotency-Key header is not valid', [
      { path: '/headers/idempotency-key', message: 'must be 1–255 printable ASCII characters' },
    ]);
  }
  return key;
}

function reply(ctx: Context, response: StoredResponse) {
  ctx.status = response.status;
  ctx.body = response.body;
  if (response.status >= 400) ctx.type = 'application/problem+json';
}

/** POST /checkout and POST /orders/{id}/cancel: the aggregator's sagas. */
export function checkoutRoutes(
  spec: OpenApiSpec<operations>,
  deps: { placeOrder: PlaceOrder; cancelOrder: CancelOrder },
) {
  const router = createRouter({ prefix: '/api/v1', caller: requireUser() });
  // The key is checked before the body, so a request without one is refused for that first.
  const keyChecked: Middleware = async (ctx, next) => {
    idempotencyKeyOf(ctx);
    await next();
  };
  router.post('/checkout', keyChecked, spec.validate('checkout'), async (ctx) => {
    reply(ctx, await deps.placeOrder.run(ctx.state.caller, idempotencyKeyOf(ctx), ctx.request.body));
  });
  router.post('/orders/:id/cancel', spec.validate('cancelOrder'), async (ctx) => {
    reply(ctx, await deps.cancelOrder.run(ctx.state.caller, ctx.state.params.id));
  });
  return router;
}
