import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { ErasuresRepository } from '../data-access/erasures.js';
import { eraseUser } from '../domain/erasure.js';

/** `POST /internal/erasures/{userId}`: auth's erasure job calls it after an account is deleted. */
export function erasureRoutes(deps: { spec: OpenApiSpec; erasures: ErasuresRepository }) {
  const router = createRouter({ prefix: '/internal/erasures' });
  router.post('/:userId', deps.spec.validate('eraseUser'), async (ctx) => {
    ctx.body = await eraseUser(deps.erasures, ctx.state.params.userId, new Date());
  });
  return router;
}
