import { createRouter } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { PaymentLookup } from '../domain/payment-lookup.js';
import type { operations } from './generated/payments.js';

/** Payments by order, for joining into order views. */
export function paymentRoutes(spec: OpenApiSpec<operations>, payments: PaymentLookup) {
  const router = createRouter();
  router.get('/internal/payments', spec.validate('listPayments'), async (ctx) => {
    ctx.body = { items: await payments.forOrders(String(ctx.state.query.orderIds)) };
  });
  return router;
}
