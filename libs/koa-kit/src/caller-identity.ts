import type { Middleware } from 'koa';
import { Forbidden, Unauthorized } from '@agora/errors';
import { IDENTITY_HEADERS, isRole, type Caller, type Role } from '@agora/identity';
import type { SignedIn } from './typed-handlers.js';

/** Reads the caller the aggregator passed on (IDENTITY_HEADERS) into `ctx.state.caller`. */
export function callerIdentity(): Middleware {
  return (ctx, next) => {
    const id = ctx.get(IDENTITY_HEADERS.id);
    const role = ctx.get(IDENTITY_HEADERS.role);
    if (id && isRole(role)) ctx.state.caller = { id, role } satisfies Caller;
    return next();
  };
}

/** Refuses a request without a caller (401); the handlers after it see `ctx.state.caller` as present. */
export function requireUser(): Middleware<SignedIn> {
  const check: Middleware<Partial<SignedIn>> = (ctx, next) => {
    if (!ctx.state.caller) throw new Unauthorized();
    return next();
  };
  return check;
}

/** Refuses a request without a caller (401) or whose caller has none of `roles` (403). */
export function requireRole(...roles: Role[]): Middleware<SignedIn> {
  const check: Middleware<Partial<SignedIn>> = (ctx, next) => {
    const caller = ctx.state.caller;
    if (!caller) throw new Unauthorized();
    if (!roles.includes(caller.role)) throw new Forbidden(`This needs the ${roles.join(' or ')} role`);
    return next();
  };
  return check;
}
