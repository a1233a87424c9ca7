import Koa from 'koa';
import type { Registry } from 'prom-client';

/**
 * The app on METRICS_PORT: `GET /metrics` in Prometheus' text format, and nothing else. A port of
 * its own, never the public one: the gateway routes only the aggregator's public port, and in the
 * mesh no AuthorizationPolicy admits anyone to this port (Istio's agent scrapes it inside the pod
 * and merges it with Envoy's metrics, docs/observability.md).
 */
export function metricsApp(registry: Registry): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx) => {
    if (ctx.path !== '/metrics') {
      ctx.status = 404;
      return;
    }
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.status = 405;
      ctx.set('Allow', 'GET, HEAD');
      return;
    }
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return app;
}
