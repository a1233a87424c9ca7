import { createRouter } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { PaymentLookup } from '../domain/payment-lookup.js';

/** Payments by order, for joining into order views. */
export function paymentRoutes(deps: { spec: OpenApiSpec; payments: PaymentLookup }) {
  const router = createRouter();
  router.get('/internal/payments', deps.spec.validate('listPayments'), async (ctx) => {
    ctx.body = { items: await deps.payments.forOrders(String(ctx.state.query.orderIds)) };
  });
  return router;
}
