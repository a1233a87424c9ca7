import type { Middleware } from 'koa';
import { AppError, Unauthorized } from '@agora/errors';
import { currentContext } from '@agora/request-context';
import { IDENTITY_HEADERS } from '@agora/identity';
import type { AccessTokenVerifier } from '../domain/access-tokens.js';
import type { RevokedUsers } from '../domain/revoked-users.js';

function challenge(tokenSent: boolean): string {
  return tokenSent ? 'Bearer realm="agora", error="invalid_token"' : 'Bearer realm="agora"';
}

/**
 * Reads `Authorization: Bearer …`; a valid token makes `ctx.state.caller` and passes
 * the caller on to every internal call of this request. An invalid token is a 401
 * even on public routes, so a client learns its token went bad. Every 401 carries
 * the WWW-Authenticate challenge of RFC 6750.
 */
export function authenticate(verifier: AccessTokenVerifier, revokedUsers?: Pick<RevokedUsers, 'has'>): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    try {
      if (header) {
        const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        if (!token) throw new Unauthorized('The Authorization header must be "Bearer <token>"');
        const caller = await verifier.verify(token);
        // A deleted account's tokens still verify until they expire; auth's revocation feed refuses them.
        if (revokedUsers?.has(caller.id)) throw new Unauthorized('The access token was revoked');
        ctx.state.caller = { id: caller.id, role: caller.role };
        const context = currentContext();
        if (context) {
          context.userId = caller.id;
          context.propagate[IDENTITY_HEADERS.id] = caller.id;
          context.propagate[IDENTITY_HEADERS.role] = caller.role;
        }
      }
      await next();
      if (ctx.status === 401) ctx.set('WWW-Authenticate', challenge(Boolean(header)));
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        throw new AppError(err.code, err.message, {
          status: 401,
          errors: err.errors,
          headers: { ...err.headers, 'WWW-Authenticate': challenge(Boolean(header)) },
        });
      }
      throw err;
    }
  };
}
