import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import type { Accounts } from '../domain/accounts.js';
import type { operations } from './generated/auth.js';
import { userView } from './user-view.js';

/** The caller's own account. */
export function meRoutes(spec: OpenApiSpec<operations>, accounts: Accounts) {
  const router = createRouter({ prefix: '/me', caller: requireUser() });
  router.get('/', spec.validate('getMe'), async (ctx) => {
    ctx.body = userView(await accounts.me(ctx.state.caller.id));
  });
  router.patch('/', spec.validate('updateMe'), async (ctx) => {
    ctx.body = userView(await accounts.updateMe(ctx.state.caller.id, ctx.request.body));
  });
  router.delete('/', spec.validate('deleteMe'), async (ctx) => {
    await accounts.deleteMe(ctx.state.caller.id);
    ctx.status = 204;
  });
  return router;
}
