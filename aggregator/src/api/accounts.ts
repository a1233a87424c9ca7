import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import { AppError } from '@agora/errors';
import type { AuthClient } from '../data-access/auth-client.js';
import type { LoginFailuresByIp } from '../domain/login-failures-by-ip.js';
import type { RevokedUsers } from '../domain/revoked-users.js';
import type { operations } from './generated/public.js';

/** Sign-up, login and tokens, forwarded to auth. */
export function accountRoutes(
  spec: OpenApiSpec<operations>,
  auth: AuthClient,
  guards: { loginFailures: LoginFailuresByIp },
) {
  const router = createRouter({ prefix: '/api/v1' });
  router.post('/auth/signup', spec.validate('signup'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await auth.signup(ctx.request.body);
  });
  router.post('/auth/login', spec.validate('login'), async (ctx) => {
    await guards.loginFailures.assertAllowed(ctx.ip);
    try {
      ctx.body = await auth.login(ctx.request.body, ctx.ip);
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_credentials')
        await guards.loginFailures.recordFailure(ctx.ip);
      throw err;
    }
  });
  router.post('/auth/refresh', spec.validate('refreshSession'), async (ctx) => {
    ctx.body = await auth.refresh(ctx.request.body);
  });
  router.post('/auth/logout', spec.validate('logout'), async (ctx) => {
    await auth.logout(ctx.request.body);
    ctx.status = 204;
  });
  return router;
}

/** The caller's own account, forwarded to auth. */
export function meRoutes(spec: OpenApiSpec<operations>, auth: AuthClient, revokedUsers: Pick<RevokedUsers, 'revoke'>) {
  const router = createRouter({ prefix: '/api/v1', caller: requireUser() });
  router.get('/me', spec.validate('getMe'), async (ctx) => {
    ctx.body = await auth.getMe();
  });
  router.patch('/me', spec.validate('updateMe'), async (ctx) => {
    ctx.body = await auth.updateMe(ctx.request.body);
  });
  router.delete('/me', spec.validate('deleteMe'), async (ctx) => {
    await auth.deleteMe();
    // Before the 204: from now on this replica refuses the account's tokens.
    revokedUsers.revoke(ctx.state.caller.id);
    ctx.status = 204;
  });
  return router;
}
