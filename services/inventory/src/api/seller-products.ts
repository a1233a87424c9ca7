import { createRouter, requireRole, type OpenApiSpec } from '@agora/koa-kit';
import type { SellerProducts } from '../domain/seller-products.js';
import type { operations } from './generated/inventory.js';

/** A seller's own listings; ownership is checked in the domain (another's → 404). */
export function sellerProductRoutes(spec: OpenApiSpec<operations>, sellerProducts: SellerProducts) {
  const router = createRouter({ prefix: '/seller/products', caller: requireRole('seller') });
  router.get('/', spec.validate('listSellerProducts'), async (ctx) => {
    const { limit, cursor } = ctx.state.query;
    ctx.body = await sellerProducts.list(ctx.state.caller.id, limit ?? 20, cursor);
  });
  router.post('/', spec.validate('createSellerProduct'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await sellerProducts.create(ctx.state.caller.id, ctx.request.body);
  });
  router.patch('/:id', spec.validate('updateSellerProduct'), async (ctx) => {
    ctx.body = await sellerProducts.update(ctx.state.caller.id, ctx.state.params.id, ctx.request.body);
  });
  router.delete('/:id', spec.validate('archiveSellerProduct'), async (ctx) => {
    await sellerProducts.archive(ctx.state.caller.id, ctx.state.params.id);
    ctx.status = 204;
  });
  return router;
}
