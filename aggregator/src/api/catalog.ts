import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { InventoryClient, ServiceProduct } from '../data-access/inventory-client.js';
import type { UserDirectory } from '../data-access/user-directory.js';
import { microCache } from './micro-cache.js';
import type { operations } from './generated/public.js';

/** Adds `seller: {id, name}` to products, with one batched name lookup for the whole list (null names when auth is down). */
export async function withSellers(users: UserDirectory, products: ServiceProduct[]) {
  const names = await users.names(products.map((product) => product.sellerId));
  return products.map((product) => ({
    ...product,
    seller: { id: product.sellerId, name: names.get(product.sellerId) ?? null },
  }));
}

/** `/api/v1/products`, `/api/v1/categories`: public browsing, no token needed. */
export function catalogRoutes(
  spec: OpenApiSpec<operations>,
  inventory: InventoryClient,
  users: UserDirectory,
  cacheTtlMs: number,
) {
  const router = createRouter({ prefix: '/api/v1' });
  const cached = microCache({ ttlMs: cacheTtlMs });
  router.get('/products', cached, spec.validate('listProducts'), async (ctx) => {
    const page = await inventory.listProducts(ctx.state.query);
    ctx.body = { items: await withSellers(users, page.items), nextCursor: page.nextCursor };
  });
  router.get('/products/:id', cached, spec.validate('getProduct'), async (ctx) => {
    const [product] = await withSellers(users, [await inventory.getProduct(ctx.state.params.id)]);
    ctx.body = product;
  });
  router.get('/categories', cached, spec.validate('listCategories'), async (ctx) => {
    ctx.body = await inventory.listCategories();
  });
  return router;
}
