import { createRouter } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import { validateCharge, type Charges } from '../domain/charges.js';
import type { IdempotentRequests } from '../domain/idempotent-request.js';
import type { PaymentProcessor } from '../domain/processor.js';
import { idempotencyKeyOf, respond } from './idempotency-key.js';
import type { operations } from './generated/payments.js';

export function chargeRoutes(
  spec: OpenApiSpec<operations>,
  charges: Charges,
  idempotent: IdempotentRequests,
  processor: PaymentProcessor,
) {
  const router = createRouter();
  router.post('/internal/charges', spec.validate('createCharge'), async (ctx) => {
    const key = idempotencyKeyOf(ctx);
    const request = ctx.request.body;
    validateCharge(request, processor);
    respond(ctx, await idempotent.run('charge', key, request, (claim) => charges.charge(claim, request)));
  });
  return router;
}
