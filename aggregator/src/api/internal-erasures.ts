import { fileURLToPath } from 'node:url';
import { createRouter, OpenApiSpec } from '@agora/koa-kit';
import type { UserErasure } from '../domain/erasure.js';

/** The aggregator's routes for other services, described apart from the public API. */
export const internalSpec = OpenApiSpec.fromFile(fileURLToPath(new URL('../../../api-docs/aggregator-internal.yaml', import.meta.url)));

/** `POST /internal/erasures/{userId}`: auth's erasure job calls it first after an account is deleted. */
export function internalErasureRoutes(erasure: UserErasure) {
  const router = createRouter({ prefix: '/internal/erasures' });
  router.post('/:userId', internalSpec.validate('eraseUser'), async (ctx) => {
    ctx.body = await erasure.erase(ctx.state.params.userId);
  });
  return router;
}
