import type { Middleware } from 'koa';
import type { LabelValues } from 'prom-client';
import type { ProcessMetrics, RequestLabels } from './process-metrics.js';

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];
/** Any other method is one label value: a client cannot mint series. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const UNMATCHED = 'unmatched';

type Series = LabelValues<RequestLabels>[];

/**
 * Observes each request's duration into `agora_http_request_duration_seconds` by method, route
 * TEMPLATE (`/api/v1/products/:productId`, never the raw URL: bounded series) and status class.
 * The hot path allocates nothing of its own: the label objects are made once per (route, method)
 * and reused, so the only work per request is the histogram's observe. Requests refused before
 * routing (401, 429, unknown paths) count under route `unmatched`.
 */
export function requestMetrics(metrics: ProcessMetrics): Middleware {
  const histogram = metrics.requestDuration;
  const byRoute = new Map<string, Map<string, Series>>();

  const seriesOf = (route: string, method: string): Series => {
    let byMethod = byRoute.get(route);
    if (!byMethod) byRoute.set(route, (byMethod = new Map()));
    let series = byMethod.get(method);
    if (!series) {
      series = STATUS_CLASSES.map((status_class) => ({ method, route, status_class }));
      byMethod.set(method, series);
    }
    return series;
  };

  const observe = (ctx: Parameters<Middleware>[0], status: number, started: number) => {
    const method = METHODS.has(ctx.method) ? ctx.method : 'other';
    const route: string = ctx._matchedRoute ?? UNMATCHED;
    const index = Math.min(Math.max(Math.floor(status / 100), 1), 5) - 1;
    histogram.observe(seriesOf(route, method)[index], (performance.now() - started) / 1000);
  };

  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } catch (err) {
      // Nothing below answered: Koa's own handler will, with a 5xx (or the error's status).
      observe(ctx, (err as { status?: number }).status ?? 500, started);
      throw err;
    }
    observe(ctx, ctx.status, started);
  };
}
