import { createRouter, requireRole, type OpenApiSpec } from '@agora/koa-kit';
import type { Fulfilment } from '../domain/shipments.js';
import type { operations } from './generated/orders.js';

/** `/seller/…`: a seller's sales and the shipping of their shipments. */
export function salesRoutes(spec: OpenApiSpec<operations>, fulfilment: Fulfilment) {
  const router = createRouter({ prefix: '/seller', caller: requireRole('seller') });
  router.get('/sales', spec.validate('listSales'), async (ctx) => {
    const { status, limit, cursor } = ctx.state.query;
    ctx.body = await fulfilment.listSales(ctx.state.caller.id, status, limit ?? 20, cursor);
  });
  router.post('/shipments/:id/ship', spec.validate('shipShipment'), async (ctx) => {
    ctx.body = await fulfilment.ship(ctx.state.caller.id, ctx.state.params.id, ctx.request.body);
  });
  router.post('/shipments/:id/deliver', spec.validate('deliverShipment'), async (ctx) => {
    ctx.body = await fulfilment.deliver(ctx.state.caller.id, ctx.state.params.id);
  });
  return router;
}
