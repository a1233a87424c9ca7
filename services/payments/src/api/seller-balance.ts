import { createRouter, requireRole } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { Database } from '@agora/db';
import { sellerAccountSums } from '../data-access/ledger-entries.js';
import { sellerBalances } from '../domain/ledger.js';

export function sellerBalanceRoutes(deps: { spec: OpenApiSpec; db: Database }) {
  const router = createRouter();
  router.get('/seller/balance', requireRole('seller'), deps.spec.validate('getSellerBalance'), async (ctx) => {
    const sellerId = ctx.state.caller!.id;
    ctx.body = { items: sellerBalances(sellerId, await sellerAccountSums(deps.db, sellerId)) };
  });
  return router;
}
