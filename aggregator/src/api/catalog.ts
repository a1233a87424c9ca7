import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { ServiceClient } from '@agora/http-client';
import type { InventoryClient, ServiceProduct } from '../data-access/inventory-client.js';
import { fetchUserNames } from '../data-access/user-directory.js';

/** Adds `seller: {id, name}` to products, with one batched name lookup for the whole list (null names when auth is down). */
export async function withSellers(auth: ServiceClient, products: ServiceProduct[]) {
  const names = await fetchUserNames(auth, products.map((product) => product.sellerId));
  return products.map((product) => ({ ...product, seller: { id: product.sellerId, name: names.get(product.sellerId) ?? null } }));
}

/** `/api/v1/products`, `/api/v1/categories`: public browsing, no token needed. */
export function catalogRoutes(spec: OpenApiSpec, inventory: InventoryClient, auth: ServiceClient) {
  const router = createRouter({ prefix: '/api/v1' });
  router.get('/products', spec.validate('listProducts'), async (ctx) => {
    const page = await inventory.listProducts(ctx.state.query);
    ctx.body = { items: await withSellers(auth, page.items), nextCursor: page.nextCursor };
  });
  router.get('/products/:id', spec.validate('getProduct'), async (ctx) => {
    const [product] = await withSellers(auth, [await inventory.getProduct(ctx.state.params.id)]);
    ctx.body = product;
  });
  router.get('/categories', spec.validate('listCategories'), async (ctx) => {
    ctx.body = await inventory.listCategories();
  });
  return router;
}
