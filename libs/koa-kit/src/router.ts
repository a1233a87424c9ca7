import KoaRouter from '@koa/router';
import type { AppState } from './create-app.js';

export type Router = KoaRouter<AppState>;

/** A router whose handlers see the kit's typed `ctx.state`; one per resource. */
export function createRouter(options: { prefix?: string } = {}): Router {
  return new KoaRouter<AppState>(options);
}
