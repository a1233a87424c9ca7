import Koa from 'koa';
import type KoaRouter from '@koa/router';
import type { Logger } from '@agora/logger';
import type { RequestContext } from '@agora/request-context';
import { trackRequest } from './track-request.js';
import { logRequests } from './log-requests.js';
import { problemResponses } from './problem-responses.js';
import { jsonBody } from './json-body.js';
import { healthRoutes } from './health.js';
import type { Caller } from '@agora/identity';
import { callerIdentity } from './caller-identity.js';
import { callerDeadline } from './caller-deadline.js';
import { securityHeaders } from './security-headers.js';
import type { OpenApiSpec } from './openapi.js';
import type { ProcessMetrics } from './process-metrics.js';
import { requestMetrics } from './request-metrics.js';

export interface AppState {
  requestId: string;
  requestContext: RequestContext;
  log: Logger;
  caller?: Caller;
  /** Set by `spec.validate('op')`, which also gives them their types (see typed-handlers.ts). */
  query: Record<string, unknown>;
  params: Record<string, unknown>;
}

interface CommonAppOptions {
  log: Logger;
  spec: Pick<OpenApiSpec, 'document'>;
  isReady: () => Promise<boolean>;
  routers: KoaRouter<any, any>[];
  /** Runs after body parsing, before the routers (e.g. the aggregator's token check). */
  before?: Koa.Middleware[];
  /** Paths other processes poll: their successful requests are logged at debug level only. */
  quietPaths?: string[];
  /** The process's registry: every request is observed into its histogram (served on METRICS_PORT). */
  metrics?: ProcessMetrics;
}

/**
 * A service: its callers are inside the mesh, so it reads the caller from the aggregator's
 * identity headers and adopts the caller's deadline, allowing `deadlineSkewMs` (config
 * DEADLINE_SKEW_MS) for clock differences.
 */
interface ServiceAppOptions extends CommonAppOptions {
  trustIdentityHeaders: true;
  deadlineSkewMs: number;
}

/** The aggregator: it verifies tokens and sets its own deadlines; such headers from the internet are ignored. */
interface GatewayAppOptions extends CommonAppOptions {
  trustIdentityHeaders: false;
  /**
   * How many proxies in front append to X-Forwarded-For (and set X-Forwarded-Proto): the client
   * IP is the entry that many hops from the right; whatever the client wrote further left is
   * ignored. 0 trusts no header: the socket's peer is the client.
   */
  trustedProxyHops?: number;
  /** Runs first, before the health routes (e.g. CORS, whose preflights need no token). */
  first?: Koa.Middleware[];
}

export type AppOptions = ServiceAppOptions | GatewayAppOptions;

/** The middleware stack every Agora process shares, in one order. */
export function createApp(options: AppOptions): Koa<AppState> {
  const app = new Koa<AppState>();
  // Services sit behind the aggregator and their sidecar only; the gateway says whom it trusts.
  const hops = options.trustIdentityHeaders ? 1 : (options.trustedProxyHops ?? 1);
  app.proxy = hops > 0;
  app.maxIpsCount = hops;
  app.silent = true;
  const health = healthRoutes(options.isReady);
  // Outermost, so the duration and status are the ones the client gets.
  if (options.metrics) app.use(requestMetrics(options.metrics));
  app.use(trackRequest());
  app.use(securityHeaders());
  const quiet = new Set(options.quietPaths ?? []);
  app.use(
    logRequests(options.log, {
      skip: (path) => path === '/healthz' || path === '/readyz',
      quiet: (path) => quiet.has(path),
    }),
  );
  app.use(problemResponses());
  if (!options.trustIdentityHeaders) for (const middleware of options.first ?? []) app.use(middleware);
  app.use(health.routes());
  app.use(async (ctx, next) => {
    if (ctx.path !== '/openapi.json') return next();
    ctx.body = options.spec.document;
  });
  // Health and the spec above answer whatever the deadline; everything below is work for a caller.
  if (options.trustIdentityHeaders) app.use(callerDeadline({ skewMs: options.deadlineSkewMs }));
  app.use(jsonBody());
  if (options.trustIdentityHeaders) app.use(callerIdentity());
  for (const middleware of options.before ?? []) app.use(middleware);
  for (const router of options.routers) app.use(router.routes()).use(router.allowedMethods());
  return app;
}
