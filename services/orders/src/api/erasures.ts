import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { UserErasure } from '../domain/erasure.js';
import type { operations } from './generated/orders.js';

/** `POST /internal/erasures/{userId}`: auth's erasure job calls it after an account is deleted. */
export function erasureRoutes(spec: OpenApiSpec<operations>, erasure: UserErasure) {
  const router = createRouter({ prefix: '/internal/erasures' });
  router.post('/:userId', spec.validate('eraseUser'), async (ctx) => {
    ctx.body = await erasure.erase(ctx.state.params.userId);
  });
  return router;
}
