import { createRouter, requireRole, type OpenApiSpec } from '@agora/koa-kit';
import type { AuthClient } from '../data-access/auth-client.js';
import type { RevokedUsers } from '../domain/revoked-users.js';
import type { operations } from './generated/public.js';

/** User management for admins, forwarded to auth (which checks the role again). */
export function adminUserRoutes(
  spec: OpenApiSpec<operations>,
  auth: AuthClient,
  revokedUsers: Pick<RevokedUsers, 'revoke'>,
) {
  const router = createRouter({ prefix: '/api/v1/admin/users', caller: requireRole('admin') });
  router.get('/', spec.validate('adminListUsers'), async (ctx) => {
    ctx.body = await auth.listUsers(ctx.state.query);
  });
  router.get('/:id', spec.validate('adminGetUser'), async (ctx) => {
    ctx.body = await auth.getUser(ctx.state.params.id);
  });
  router.patch('/:id', spec.validate('adminUpdateUser'), async (ctx) => {
    ctx.body = await auth.updateUser(ctx.state.params.id, ctx.request.body);
  });
  router.delete('/:id', spec.validate('adminDeleteUser'), async (ctx) => {
    await auth.deleteUser(ctx.state.params.id);
    revokedUsers.revoke(ctx.state.params.id);
    ctx.status = 204;
  });
  router.get('/:id/erasure', spec.validate('adminGetUserErasure'), async (ctx) => {
    ctx.body = await auth.getErasure(ctx.state.params.id);
  });
  return router;
}
