import { createRouter, type OpenApiSpec } from '@agora/koa-kit';
import { ValidationFailed } from '@agora/errors';
import type { UserRepository } from '../data-access/user-repository.js';
import type { AccessTokenIssuer } from '../domain/access-tokens.js';
import { listRevocations } from '../domain/revocations.js';

const MAX_IDS = 100;

/** Lookups for the rest of the mesh: public keys, display names, revoked users. */
export function internalRoutes(spec: OpenApiSpec, users: UserRepository, accessTokens: AccessTokenIssuer) {
  const router = createRouter();
  router.get('/.well-known/jwks.json', spec.validate('getJwks'), (ctx) => {
    ctx.body = accessTokens.jwks();
    ctx.set('Cache-Control', 'public, max-age=300');
  });
  router.get('/internal/users', spec.validate('lookupUsers'), async (ctx) => {
    const ids = [...new Set(String(ctx.state.query.ids).split(',').filter(Boolean))];
    if (ids.length > MAX_IDS) throw new ValidationFailed('Too many ids', [{ path: '/query/ids', message: `at most ${MAX_IDS} ids` }]);
    const found = ids.length === 0 ? [] : await users.findMany(ids);
    ctx.body = { items: found.map((u) => ({ id: u.id, name: u.name, role: u.role })) };
  });
  router.get('/internal/revocations', spec.validate('listRevocations'), async (ctx) => {
    ctx.body = await listRevocations(users, ctx.state.query.since ?? 0, accessTokens.ttlSeconds);
  });
  return router;
}
