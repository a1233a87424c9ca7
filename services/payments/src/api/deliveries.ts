import { createRouter } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { Deliveries } from '../domain/deliveries.js';
import type { operations } from './generated/payments.js';

export function deliveryRoutes(spec: OpenApiSpec<operations>, deliveries: Deliveries) {
  const router = createRouter();
  router.post('/internal/deliveries', spec.validate('recordDelivery'), async (ctx) => {
    ctx.body = await deliveries.record(ctx.request.body);
  });
  return router;
}
