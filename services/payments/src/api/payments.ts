import { createRouter } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import { ValidationFailed } from '@agora/errors';
import type { PaymentsRepository } from '../data-access/payments.js';
import { paymentView } from '../domain/payment.js';

const MAX_ORDER_IDS = 100;

/** Payments by order, for joining into order views. */
export function paymentRoutes(deps: { spec: OpenApiSpec; payments: PaymentsRepository }) {
  const router = createRouter();
  router.get('/internal/payments', deps.spec.validate('listPayments'), async (ctx) => {
    const orderIds = [...new Set(String(ctx.state.query.orderIds).split(',').filter(Boolean))];
    if (orderIds.length > MAX_ORDER_IDS) throw new ValidationFailed('Too many order ids', [{ path: '/query/orderIds', message: `at most ${MAX_ORDER_IDS}` }]);
    ctx.body = { items: (await deps.payments.listForOrders(orderIds)).map(paymentView) };
  });
  return router;
}
