import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import { AppError } from '@agora/errors';
import type { AuthClient } from '../data-access/auth-client.js';
import type { LoginFailuresByIp } from '../domain/login-failures-by-ip.js';
import type { RevokedUsers } from '../domain/revoked-users.js';

/** Sign-up, login, tokens and the caller's own account, forwarded to auth. */
export function accountRoutes(spec: OpenApiSpec, auth: AuthClient, guards: { loginFailures: LoginFailuresByIp; revokedUsers: Pick<RevokedUsers, 'revoke'> }) {
  const router = createRouter({ prefix: '/api/v1' });
  router.post('/auth/signup', spec.validate('signup'), async (ctx) => {
    ctx.status = 201;
    ctx.body = await auth.signup(ctx.request.body as any);
  });
  router.post('/auth/login', spec.validate('login'), async (ctx) => {
    await guards.loginFailures.assertAllowed(ctx.ip);
    try {
      ctx.body = await auth.login(ctx.request.body as any, ctx.ip);
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_credentials') await guards.loginFailures.recordFailure(ctx.ip);
      throw err;
    }
  });
  router.post('/auth/refresh', spec.validate('refreshSession'), async (ctx) => {
    ctx.body = await auth.refresh(ctx.request.body as any);
  });
  router.post('/auth/logout', spec.validate('logout'), async (ctx) => {
    await auth.logout(ctx.request.body as any);
    ctx.status = 204;
  });
  router.get('/me', requireUser(), spec.validate('getMe'), async (ctx) => {
    ctx.body = await auth.getMe();
  });
  router.patch('/me', requireUser(), spec.validate('updateMe'), async (ctx) => {
    ctx.body = await auth.updateMe(ctx.request.body as any);
  });
  router.delete('/me', requireUser(), spec.validate('deleteMe'), async (ctx) => {
    await auth.deleteMe();
    // Before the 204: from now on this replica refuses the account's tokens.
    guards.revokedUsers.revoke(ctx.state.caller!.id);
    ctx.status = 204;
  });
  return router;
}
