import { createRouter, requireRole, type OpenApiSpec } from '@agora/koa-kit';
import type { UserDirectory } from '../data-access/user-directory.js';
import type { InventoryClient } from '../data-access/inventory-client.js';
import { withSellers } from './catalog.js';
import type { operations } from './generated/public.js';

/** `/api/v1/seller/products`: a seller's own listings; the inventory service enforces ownership. */
export function sellerProductRoutes(spec: OpenApiSpec<operations>, inventory: InventoryClient, users: UserDirectory) {
  const router = createRouter({ prefix: '/api/v1/seller/products', caller: requireRole('seller') });
  router.get('/', spec.validate('listSellerProducts'), async (ctx) => {
    const page = await inventory.listSellerProducts(ctx.state.query);
    ctx.body = { items: await withSellers(users, page.items), nextCursor: page.nextCursor };
  });
  router.post('/', spec.validate('createSellerProduct'), async (ctx) => {
    const [product] = await withSellers(users, [await inventory.createSellerProduct(ctx.request.body)]);
    ctx.status = 201;
    ctx.body = product;
  });
  router.patch('/:id', spec.validate('updateSellerProduct'), async (ctx) => {
    const [product] = await withSellers(users, [
      await inventory.updateSellerProduct(ctx.state.params.id, ctx.request.body),
    ]);
    ctx.body = product;
  });
  router.delete('/:id', spec.validate('archiveSellerProduct'), async (ctx) => {
    await inventory.archiveSellerProduct(ctx.state.params.id);
    ctx.status = 204;
  });
  return router;
}
