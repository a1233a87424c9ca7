import { createRouter } from '@agora/koa-kit';
import type { OpenApiSpec } from '@agora/koa-kit';
import type { DeliveriesRepository } from '../data-access/deliveries.js';
import { recordDelivery, type DeliveryReport } from '../domain/deliveries.js';

export function deliveryRoutes(deps: { spec: OpenApiSpec; deliveries: DeliveriesRepository }) {
  const router = createRouter();
  router.post('/internal/deliveries', deps.spec.validate('recordDelivery'), async (ctx) => {
    ctx.body = await recordDelivery(deps.deliveries, ctx.request.body as DeliveryReport, new Date());
  });
  return router;
}
