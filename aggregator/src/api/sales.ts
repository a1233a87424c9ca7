import { createRouter, requireRole, type OpenApiSpec } from '@agora/koa-kit';
import type { OrdersClient } from '../data-access/orders-client.js';
import type { UserDirectory } from '../data-access/user-directory.js';
import type { operations } from './generated/public.js';

/** `/api/v1/seller/…`: a seller's sales, with buyer names joined from auth, and shipping. */
export function salesRoutes(spec: OpenApiSpec<operations>, orders: OrdersClient, users: UserDirectory) {
  const router = createRouter({ prefix: '/api/v1/seller', caller: requireRole('seller') });
  router.get('/sales', spec.validate('listSales'), async (ctx) => {
    const page = await orders.listSales(ctx.state.query);
    const names = await users.names(page.items.map((sale) => sale.buyerId));
    ctx.body = {
      items: page.items.map(({ buyerId, ...sale }) => ({
        ...sale,
        buyer: { id: buyerId, name: names.get(buyerId) ?? null },
      })),
      nextCursor: page.nextCursor,
    };
  });
  router.post('/shipments/:id/ship', spec.validate('shipShipment'), async (ctx) => {
    ctx.body = await orders.shipShipment(ctx.state.params.id, ctx.request.body);
  });
  router.post('/shipments/:id/deliver', spec.validate('deliverShipment'), async (ctx) => {
    ctx.body = await orders.deliverShipment(ctx.state.params.id);
  });
  return router;
}
