import { createRouter } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { Deliveries, DeliveryReport } from '../domain/deliveries.js';

export function deliveryRoutes(spec: OpenApiSpec, deliveries: Deliveries) {
  const router = createRouter();
  router.post('/internal/deliveries', spec.validate('recordDelivery'), async (ctx) => {
    ctx.body = await deliveries.record(ctx.request.body as DeliveryReport);
  });
  return router;
}
