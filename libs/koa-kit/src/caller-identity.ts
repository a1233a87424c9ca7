import type { Middleware } from 'koa';
import { Forbidden, Unauthorized } from '@agora/errors';
import { IDENTITY_HEADERS, isRole, type Caller, type Role } from '@agora/identity';

/** Reads the caller the aggregator passed on (IDENTITY_HEADERS) into `ctx.state.caller`. */
export function callerIdentity(): Middleware {
  return async (ctx, next) => {
    const id = ctx.get(IDENTITY_HEADERS.id);
    const role = ctx.get(IDENTITY_HEADERS.role);
    if (id && isRole(role)) ctx.state.caller = { id, role } satisfies Caller;
    await next();
  };
}

export function requireUser(): Middleware {
  return async (ctx, next) => {
    if (!ctx.state.caller) throw new Unauthorized();
    await next();
  };
}

export function requireRole(...roles: Role[]): Middleware {
  return async (ctx, next) => {
    const caller = ctx.state.caller as Caller | undefined;
    if (!caller) throw new Unauthorized();
    if (!roles.includes(caller.role)) throw new Forbidden(`This needs the ${roles.join(' or ')} role`);
    await next();
  };
}
