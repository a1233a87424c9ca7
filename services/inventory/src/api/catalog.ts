import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { Catalog } from '../domain/catalog.js';
import type { operations } from './generated/inventory.js';

/** Public browsing (no identity needed) and the saga's batch lookup. */
export function catalogRoutes(spec: OpenApiSpec<operations>, catalog: Catalog) {
  const router = createRouter();
  router.get('/products', spec.validate('listProducts'), async (ctx) => {
    ctx.body = await catalog.page(ctx.state.query);
  });
  router.get('/products/:id', spec.validate('getProduct'), async (ctx) => {
    ctx.body = await catalog.product(ctx.state.params.id);
  });
  router.get('/categories', spec.validate('listCategories'), async (ctx) => {
    ctx.body = { items: await catalog.categories() };
  });
  router.get('/internal/products', spec.validate('lookupProducts'), async (ctx) => {
    ctx.body = { items: await catalog.lookup(ctx.state.query.ids) };
  });
  return router;
}
