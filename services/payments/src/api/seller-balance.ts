import { createRouter, requireRole } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { SellerBalances } from '../domain/seller-balance.js';
import type { operations } from './generated/payments.js';

export function sellerBalanceRoutes(spec: OpenApiSpec<operations>, balances: SellerBalances) {
  const router = createRouter({ caller: requireRole('seller') });
  router.get('/seller/balance', spec.validate('getSellerBalance'), async (ctx) => {
    ctx.body = { items: await balances.of(ctx.state.caller.id) };
  });
  return router;
}
