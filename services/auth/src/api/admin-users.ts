import { createRouter, requireRole, type OpenApiSpec } from '@agora/koa-kit';
import type { UserAdministration } from '../domain/user-administration.js';
import type { operations } from './generated/auth.js';
import { userView } from './user-view.js';

/** User management; auth enforces the admin role itself, whatever the aggregator checked. */
export function adminUserRoutes(spec: OpenApiSpec<operations>, admin: UserAdministration) {
  const router = createRouter({ prefix: '/admin/users', caller: requireRole('admin') });
  router.get('/', spec.validate('listUsers'), async (ctx) => {
    const { email, limit = 20, cursor } = ctx.state.query;
    const page = await admin.list({ email, limit, cursor });
    ctx.body = { items: page.items.map(userView), nextCursor: page.nextCursor };
  });
  router.get('/:id', spec.validate('getUser'), async (ctx) => {
    ctx.body = userView(await admin.get(ctx.state.params.id));
  });
  router.patch('/:id', spec.validate('updateUser'), async (ctx) => {
    ctx.body = userView(await admin.update(ctx.state.caller.id, ctx.state.params.id, ctx.request.body));
  });
  router.delete('/:id', spec.validate('deleteUser'), async (ctx) => {
    await admin.delete(ctx.state.caller.id, ctx.state.params.id);
    ctx.status = 204;
  });
  return router;
}
