import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { OrderBook } from '../domain/orders.js';
import type { operations } from './generated/orders.js';

/** `/internal/orders`: what the checkout saga calls to record an order and move it. */
export function internalOrderRoutes(spec: OpenApiSpec<operations>, orders: OrderBook) {
  const router = createRouter({ prefix: '/internal/orders' });
  router.put('/:orderId', spec.validate('putOrder'), async (ctx) => {
    const { order, created } = await orders.place(ctx.state.params.orderId, ctx.request.body);
    ctx.status = created ? 201 : 200;
    ctx.body = order;
  });
  router.get('/:orderId', spec.validate('getInternalOrder'), async (ctx) => {
    ctx.body = await orders.get(ctx.state.params.orderId);
  });
  router.post('/:orderId/transitions', spec.validate('transitionOrder'), async (ctx) => {
    const { status, paymentId } = ctx.request.body;
    ctx.body = await orders.transition(ctx.state.params.orderId, status, paymentId);
  });
  return router;
}
