import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import type { UserDirectory } from '../data-access/user-directory.js';
import type { InventoryClient, ServiceCart } from '../data-access/inventory-client.js';
import { withSellers } from './catalog.js';
import type { operations } from './generated/public.js';

async function withSellerNames(users: UserDirectory, cart: ServiceCart) {
  const products = await withSellers(
    users,
    cart.items.map((item) => item.product),
  );
  return { ...cart, items: cart.items.map((item, i) => ({ ...item, product: products[i] })) };
}

/** `/api/v1/cart`: the caller's cart; every signed-in role may shop. */
export function cartRoutes(spec: OpenApiSpec<operations>, inventory: InventoryClient, users: UserDirectory) {
  const router = createRouter({ prefix: '/api/v1/cart', caller: requireUser() });
  router.get('/', spec.validate('getCart'), async (ctx) => {
    ctx.body = await withSellerNames(users, await inventory.getCart());
  });
  router.delete('/', spec.validate('clearCart'), async (ctx) => {
    await inventory.clearCart();
    ctx.status = 204;
  });
  router.put('/items/:productId', spec.validate('setCartItem'), async (ctx) => {
    ctx.body = await withSellerNames(users, await inventory.setCartItem(ctx.state.params.productId, ctx.request.body));
  });
  router.delete('/items/:productId', spec.validate('removeCartItem'), async (ctx) => {
    ctx.body = await withSellerNames(users, await inventory.removeCartItem(ctx.state.params.productId));
  });
  return router;
}
