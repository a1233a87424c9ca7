import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { CartPurchases } from '../domain/cart-purchase.js';
import type { operations } from './generated/inventory.js';

/** The checkout saga's last step: take what an order bought out of the buyer's cart (internal; only the aggregator calls it). */
export function cartPurchaseRoutes(spec: OpenApiSpec<operations>, purchases: CartPurchases) {
  const router = createRouter({ prefix: '/internal/carts' });
  router.put('/:buyerId/purchases/:orderId', spec.validate('removePurchasedFromCart'), async (ctx) => {
    await purchases.removePurchased(ctx.state.params.buyerId, ctx.state.params.orderId, ctx.request.body.items);
    ctx.status = 204;
  });
  return router;
}
