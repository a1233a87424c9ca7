import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import type { OrdersClient } from '../data-access/orders-client.js';
import type { operations } from './generated/public.js';

/** `/api/v1/me/addresses`: the caller's address book, kept by the orders service. */
export function addressRoutes(spec: OpenApiSpec<operations>, orders: OrdersClient) {
  const router = createRouter({ prefix: '/api/v1/me/addresses', caller: requireUser() });
  router.get('/', spec.validate('listMyAddresses'), async (ctx) => {
    ctx.body = await orders.listAddresses(ctx.state.query);
  });
  router.post('/', spec.validate('createMyAddress'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await orders.createAddress(ctx.request.body);
  });
  router.get('/:id', spec.validate('getMyAddress'), async (ctx) => {
    ctx.body = await orders.getAddress(ctx.state.params.id);
  });
  router.patch('/:id', spec.validate('updateMyAddress'), async (ctx) => {
    ctx.body = await orders.updateAddress(ctx.state.params.id, ctx.request.body);
  });
  router.delete('/:id', spec.validate('deleteMyAddress'), async (ctx) => {
    await orders.deleteAddress(ctx.state.params.id);
    ctx.status = 204;
  });
  return router;
}
