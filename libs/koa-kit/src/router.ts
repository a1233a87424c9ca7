import KoaRouter from '@koa/router';
import type { Middleware } from 'koa';
import type { AppState } from './create-app.js';
import type { SignedIn } from './typed-handlers.js';

export type Router<State = object> = KoaRouter<AppState & State>;

/** A router whose handlers see the kit's typed `ctx.state`; one per resource. */
export function createRouter(options?: { prefix?: string }): Router;
/**
 * With `caller: requireUser()` or `requireRole(…)`, that check runs before every route of the
 * router, and its handlers see `ctx.state.caller` as present.
 */
export function createRouter(options: { prefix?: string; caller: Middleware<SignedIn> }): Router<SignedIn>;
export function createRouter(
  options: { prefix?: string; caller?: Middleware<SignedIn> } = {},
): Router | Router<SignedIn> {
  const { caller, ...routerOptions } = options;
  const router = new KoaRouter<AppState>(routerOptions);
  if (caller) router.use(caller);
  return router;
}
