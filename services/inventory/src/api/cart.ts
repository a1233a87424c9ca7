import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import type { Carts } from '../domain/cart.js';
import type { operations } from './generated/inventory.js';

/** The caller's cart; every signed-in role may shop. */
export function cartRoutes(spec: OpenApiSpec<operations>, carts: Carts) {
  const router = createRouter({ prefix: '/cart', caller: requireUser() });
  router.get('/', spec.validate('getCart'), async (ctx) => {
    ctx.body = await carts.view(ctx.state.caller.id);
  });
  router.delete('/', spec.validate('clearCart'), async (ctx) => {
    await carts.clear(ctx.state.caller.id);
    ctx.status = 204;
  });
  router.put('/items/:productId', spec.validate('setCartItem'), async (ctx) => {
    ctx.body = await carts.setQuantity(ctx.state.caller.id, ctx.state.params.productId, ctx.request.body.quantity);
  });
  router.delete('/items/:productId', spec.validate('removeCartItem'), async (ctx) => {
    ctx.body = await carts.removeItem(ctx.state.caller.id, ctx.state.params.productId);
  });
  return router;
}
