import type { Middleware } from 'koa';
import { Forbidden, Unauthorized } from '@agora/errors';

export type Role = 'buyer' | 'seller' | 'admin';
export interface Caller {
  id: string;
  role: Role;
}

/**
 * The aggregator verifies the access token and passes the caller on in these
 * headers; in the mesh only the aggregator may call a service (AuthorizationPolicy),
 * so services trust them. Services still enforce roles and ownership themselves.
 */
export const IDENTITY_HEADERS = { id: 'x-agora-user-id', role: 'x-agora-user-role' } as const;

const ROLES = new Set<Role>(['buyer', 'seller', 'admin']);

export function callerIdentity(): Middleware {
  return async (ctx, next) => {
    const id = ctx.get(IDENTITY_HEADERS.id);
    const role = ctx.get(IDENTITY_HEADERS.role) as Role;
    if (id && ROLES.has(role)) ctx.state.caller = { id, role };
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
