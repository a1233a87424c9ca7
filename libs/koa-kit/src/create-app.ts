import Koa from 'koa';
import type KoaRouter from '@koa/router';
import type { Logger } from '@agora/logger';
import type { RequestContext } from '@agora/request-context';
import { trackRequest } from './track-request.js';
import { logRequests } from './log-requests.js';
import { problemResponses } from './problem-responses.js';
import { jsonBody } from './json-body.js';
import { healthRoutes } from './health.js';
import { callerIdentity, type Caller } from './caller-identity.js';
import type { OpenApiSpec } from './openapi.js';

export interface AppState {
  requestId: string;
  requestContext: RequestContext;
  log: Logger;
  caller?: Caller;
  query: Record<string, any>;
  params: Record<string, any>;
}

export interface AppOptions {
  log: Logger;
  spec: OpenApiSpec;
  isReady: () => Promise<boolean>;
  routers: KoaRouter<any, any>[];
  /** Services read the caller from the aggregator's identity headers; the aggregator verifies tokens instead. */
  trustIdentityHeaders: boolean;
  /** Runs after body parsing, before the routers (e.g. the aggregator's token check). */
  before?: Koa.Middleware[];
  /** Paths other processes poll: their successful requests are logged at debug level only. */
  quietPaths?: string[];
}

/** The middleware stack every Agora process shares, in one order. */
export function createApp(options: AppOptions): Koa<AppState> {
  const app = new Koa<AppState>();
  app.proxy = true;
  app.silent = true;
  const health = healthRoutes(options.isReady);
  app.use(trackRequest());
  const quiet = new Set(options.quietPaths ?? []);
  app.use(logRequests(options.log, { skip: (path) => path === '/healthz' || path === '/readyz', quiet: (path) => quiet.has(path) }));
  app.use(problemResponses());
  app.use(health.routes());
  app.use(async (ctx, next) => {
    if (ctx.path !== '/openapi.json') return next();
    ctx.body = options.spec.document;
  });
  app.use(jsonBody());
  if (options.trustIdentityHeaders) app.use(callerIdentity());
  for (const middleware of options.before ?? []) app.use(middleware);
  for (const router of options.routers) app.use(router.routes()).use(router.allowedMethods());
  return app;
}
