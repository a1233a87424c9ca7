import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import type { OrderBook } from '../domain/orders.js';
import type { operations } from './generated/orders.js';

/** `/orders`: the caller's own orders (any signed-in user may shop). */
export function orderRoutes(spec: OpenApiSpec<operations>, orders: OrderBook) {
  const router = createRouter({ prefix: '/orders', caller: requireUser() });
  router.get('/', spec.validate('listOrders'), async (ctx) => {
    ctx.body = await orders.listForBuyer(ctx.state.caller.id, ctx.state.query.limit ?? 20, ctx.state.query.cursor);
  });
  router.get('/:id', spec.validate('getOrder'), async (ctx) => {
    ctx.body = await orders.getForBuyer(ctx.state.caller.id, ctx.state.params.id);
  });
  return router;
}
