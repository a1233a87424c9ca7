import type { OpenApiSpec } from '@agora/koa-kit';
import { createRouter, requireRole } from '@agora/koa-kit';
import type { PaymentsClient } from '../data-access/payments-client.js';
import type { operations } from './generated/public.js';

/** A seller's balance, straight from the payments ledger. */
export function balanceRoutes(spec: OpenApiSpec<operations>, payments: PaymentsClient) {
  const router = createRouter({ caller: requireRole('seller') });
  router.get('/api/v1/seller/balance', spec.validate('getSellerBalance'), async (ctx) => {
    ctx.body = await payments.sellerBalance();
  });
  return router;
}
