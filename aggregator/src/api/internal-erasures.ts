import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { UserErasure } from '../domain/erasure.js';
import type { operations } from './generated/aggregator-internal.js';

/** `POST /internal/erasures/{userId}` (internal port only): auth's erasure job calls it first after an account is deleted. */
export function internalErasureRoutes(spec: OpenApiSpec<operations>, erasure: UserErasure) {
  const router = createRouter({ prefix: '/internal/erasures' });
  router.post('/:userId', spec.validate('eraseUser'), async (ctx) => {
    ctx.body = await erasure.erase(ctx.state.params.userId);
  });
  return router;
}
