import { createRouter, requireRole, type OpenApiSpec } from '@agora/koa-kit';
import type { Erasures } from '../domain/erasure.js';
import type { operations } from './generated/auth.js';

/** Where the erasure of a deleted account stands, for admins. */
export function erasureRoutes(spec: OpenApiSpec<operations>, erasures: Erasures) {
  const router = createRouter({ prefix: '/admin/users', caller: requireRole('admin') });
  router.get('/:id/erasure', spec.validate('getUserErasure'), async (ctx) => {
    ctx.body = await erasures.progress(ctx.state.params.id);
  });
  return router;
}
