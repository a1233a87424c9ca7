import { commonShape, env, loadConfig } from '@agora/config';

export function loadOrdersConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonShape,
      PORT: env.port(8083),
      /** Serves GET /metrics only (Prometheus, through Istio's metrics merging); never routed from outside. */
      METRICS_PORT: env.port(9183),
      PAYMENTS_URL: env.urlWithDefault('http://127.0.0.1:8084'),
      /** Deadline of one delivery report to payments. */
      PAYMENTS_TIMEOUT_MS: env.int(2000, 50, 60_000),
      /** How often the delivery outbox is checked for reports due. */
      DELIVERY_REPORT_INTERVAL_MS: env.int(1000, 10, 3_600_000),
      /** First retry delay of a failed report; doubles per failure up to the maximum. */
      DELIVERY_REPORT_BACKOFF_MS: env.int(1000, 1, 3_600_000),
      DELIVERY_REPORT_MAX_BACKOFF_MS: env.int(300_000, 1, 86_400_000),
    },
    environment,
  );
}

export type OrdersConfig = ReturnType<typeof loadOrdersConfig>;
