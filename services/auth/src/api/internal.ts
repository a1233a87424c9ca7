import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import type { AccessTokenIssuer } from '../domain/access-tokens.js';
import type { UserDirectory } from '../domain/user-directory.js';
import type { operations } from './generated/auth.js';

/** Lookups for the rest of the mesh: public keys, display names, revoked users. */
export function internalRoutes(
  spec: OpenApiSpec<operations>,
  directory: UserDirectory,
  accessTokens: AccessTokenIssuer,
) {
  const router = createRouter();
  router.get('/.well-known/jwks.json', spec.validate('getJwks'), (ctx) => {
    ctx.body = accessTokens.jwks();
    ctx.set('Cache-Control', 'public, max-age=300');
  });
  router.get('/internal/users', spec.validate('lookupUsers'), async (ctx) => {
    const found = await directory.lookup(String(ctx.state.query.ids));
    ctx.body = { items: found.map((u) => ({ id: u.id, name: u.name, role: u.role })) };
  });
  router.get('/internal/revocations', spec.validate('listRevocations'), async (ctx) => {
    ctx.body = await directory.revocations(ctx.state.query.since ?? 0);
  });
  return router;
}
