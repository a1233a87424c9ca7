import { createRouter, requireRole } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { SellerBalances } from '../domain/seller-balance.js';

export function sellerBalanceRoutes(deps: { spec: OpenApiSpec; balances: SellerBalances }) {
  const router = createRouter();
  router.get('/seller/balance', requireRole('seller'), deps.spec.validate('getSellerBalance'), async (ctx) => {
    ctx.body = { items: await deps.balances.of(ctx.state.caller!.id) };
  });
  return router;
}
