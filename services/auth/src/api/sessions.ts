import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { Accounts } from '../domain/accounts.js';
import type { Sessions } from '../domain/sessions.js';
import type { operations } from './generated/auth.js';
import { sessionView } from './user-view.js';

/** The address a login attempt came from, as the aggregator saw it. */
export const CLIENT_IP_HEADER = 'x-agora-client-ip';

/** Sign-up, login, refresh and logout: the routes that need no caller. */
export function sessionRoutes(spec: OpenApiSpec<operations>, accounts: Accounts, sessions: Sessions) {
  const router = createRouter({ prefix: '/auth' });
  router.post('/signup', spec.validate('signup'), async (ctx) => {
    ctx.status = 201;
    ctx.body = sessionView(await accounts.signup(ctx.request.body));
  });
  router.post('/login', spec.validate('login'), async (ctx) => {
    // Set by the aggregator (callers inside the mesh are trusted, like the identity headers).
    const clientIp = ctx.get(CLIENT_IP_HEADER) || ctx.ip;
    ctx.body = sessionView(await accounts.login(ctx.request.body, clientIp.slice(0, 45)));
  });
  router.post('/refresh', spec.validate('refreshSession'), async (ctx) => {
    ctx.body = sessionView(await sessions.refresh(ctx.request.body.refreshToken));
  });
  router.post('/logout', spec.validate('logout'), async (ctx) => {
    await sessions.logout(ctx.request.body.refreshToken);
    ctx.status = 204;
  });
  return router;
}
