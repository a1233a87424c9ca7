import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { CartPurchases } from '../domain/cart-purchase.js';

/** The checkout saga's last step: take what an order bought out of the buyer's cart (internal; only the aggregator calls it). */
export function cartPurchaseRoutes(spec: OpenApiSpec, purchases: CartPurchases) {
  const router = createRouter({ prefix: '/internal/carts' });
  router.put('/:buyerId/purchases/:orderId', spec.validate('removePurchasedFromCart'), async (ctx) => {
    const { items } = ctx.request.body as { items: Array<{ productId: string; quantity: number }> };
    await purchases.removePurchased(ctx.state.params.buyerId, ctx.state.params.orderId, items);
    ctx.status = 204;
  });
  return router;
}
