import { createRouter } from '@agora/koa-kit';
import type { AccessTokenVerifier } from '../domain/access-tokens.js';

/** The auth service's public keys, served from the aggregator's cache. */
export function wellKnownRoutes(verifier: AccessTokenVerifier) {
  const router = createRouter();
  router.get('/.well-known/jwks.json', async (ctx) => {
    ctx.body = await verifier.currentJwks();
    ctx.set('Cache-Control', 'public, max-age=300');
  });
  return router;
}
