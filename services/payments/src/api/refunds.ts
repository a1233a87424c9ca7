import { createRouter } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { IdempotentRequests } from '../domain/idempotent-request.js';
import type { Refunds } from '../domain/refunds.js';
import { idempotencyKeyOf, respond } from './idempotency-key.js';
import type { operations } from './generated/payments.js';

export function refundRoutes(spec: OpenApiSpec<operations>, refunds: Refunds, idempotent: IdempotentRequests) {
  const router = createRouter();
  router.post('/internal/payments/:paymentId/refunds', spec.validate('createRefund'), async (ctx) => {
    const key = idempotencyKeyOf(ctx);
    const payment = await refunds.paymentToRefund(ctx.state.params.paymentId);
    const body = ctx.request.body ?? {};
    respond(
      ctx,
      await idempotent.run(`refund:${payment.id}`, key, body, (claim) => refunds.refund(claim, payment, body.amount)),
    );
  });
  return router;
}
