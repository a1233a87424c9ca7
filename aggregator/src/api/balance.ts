import type { OpenApiSpec } from '@agora/koa-kit';
import { createRouter, requireRole } from '@agora/koa-kit';
import type { PaymentsClient } from '../data-access/payments-client.js';

/** A seller's balance, straight from the payments ledger. */
export function balanceRoutes(spec: OpenApiSpec, payments: PaymentsClient) {
  const router = createRouter();
  router.get('/api/v1/seller/balance', requireRole('seller'), spec.validate('getSellerBalance'), async (ctx) => {
    ctx.body = await payments.sellerBalance();
  });
  return router;
}
