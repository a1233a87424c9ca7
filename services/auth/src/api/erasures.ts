import { createRouter, requireRole, type OpenApiSpec } from '@agora/koa-kit';
import type { Erasures } from '../domain/erasure.js';

/** Where the erasure of a deleted account stands, for admins. */
export function erasureRoutes(spec: OpenApiSpec, erasures: Erasures) {
  const router = createRouter({ prefix: '/admin/users' });
  router.get('/:id/erasure', requireRole('admin'), spec.validate('getUserErasure'), async (ctx) => {
    ctx.body = await erasures.progress(ctx.state.params.id);
  });
  return router;
}
