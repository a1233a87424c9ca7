import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { OrderBook } from '../domain/orders.js';

/** `/internal/orders`: what the checkout saga calls to record an order and move it. */
export function internalOrderRoutes(spec: OpenApiSpec, orders: OrderBook) {
  const router = createRouter({ prefix: '/internal/orders' });
  router.put('/:orderId', spec.validate('putOrder'), async (ctx) => {
    const { order, created } = await orders.place(ctx.state.params.orderId, ctx.request.body as never);
    ctx.status = created ? 201 : 200;
    ctx.body = order;
  });
  router.get('/:orderId', spec.validate('getInternalOrder'), async (ctx) => {
    ctx.body = await orders.get(ctx.state.params.orderId);
  });
  router.post('/:orderId/transitions', spec.validate('transitionOrder'), async (ctx) => {
    const { status, paymentId } = ctx.request.body as { status: 'paid' | 'payment_failed' | 'cancelled'; paymentId?: string };
    ctx.body = await orders.transition(ctx.state.params.orderId, status, paymentId);
  });
  return router;
}
