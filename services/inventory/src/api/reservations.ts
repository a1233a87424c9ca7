import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { StockReservations } from '../domain/reservation.js';
import type { operations } from './generated/inventory.js';

/** Stock reservations of the checkout saga (internal; only the aggregator calls them). */
export function reservationRoutes(spec: OpenApiSpec<operations>, reservations: StockReservations) {
  const router = createRouter({ prefix: '/internal/reservations' });
  router.put('/:orderId', spec.validate('reserveStock'), async (ctx) => {
    ctx.body = await reservations.reserve(ctx.state.params.orderId, ctx.request.body.items);
  });
  router.get('/:orderId', spec.validate('getReservation'), async (ctx) => {
    ctx.body = await reservations.get(ctx.state.params.orderId);
  });
  router.post('/:orderId/confirm', spec.validate('confirmReservation'), async (ctx) => {
    ctx.body = await reservations.confirm(ctx.state.params.orderId, ctx.request.body);
  });
  router.post('/:orderId/release', spec.validate('releaseReservation'), async (ctx) => {
    ctx.body = await reservations.release(ctx.state.params.orderId);
  });
  return router;
}
