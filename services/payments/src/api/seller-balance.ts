import { createRouter, requireRole } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { SellerBalances } from '../domain/seller-balance.js';

export function sellerBalanceRoutes(spec: OpenApiSpec, balances: SellerBalances) {
  const router = createRouter();
  router.get('/seller/balance', requireRole('seller'), spec.validate('getSellerBalance'), async (ctx) => {
    ctx.body = { items: await balances.of(ctx.state.caller!.id) };
  });
  return router;
}
