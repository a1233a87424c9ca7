import { commonShape, env, loadConfig, z } from '@agora/config';

export function loadPaymentsConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonShape,
      PORT: env.port(8084),
      /** Serves GET /metrics only (Prometheus, through Istio's metrics merging); never routed from outside. */
      METRICS_PORT: env.port(9184),
      /** The platform's cut of each shipment, in basis points (1000 = 10 %). */
      AGORA_PLATFORM_FEE_BPS: env.int(1000, 0, 10_000),
      /** Simulated processor latency; unset means 0 under NODE_ENV=test and 50 ms otherwise. */
      PROCESSOR_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).optional(),
      /** Deadline of one processor call; past it the outcome is unknown and the key stays retryable. */
      PROCESSOR_TIMEOUT_MS: env.int(10_000, 10, 120_000),
      /** An in-progress idempotency key older than this is presumed crashed and may be taken over. */
      IDEMPOTENCY_LOCK_SECONDS: env.int(60, 1, 3_600),
      /** Completed idempotency keys are kept at least this long, then purged. */
      IDEMPOTENCY_RETENTION_HOURS: env.int(24, 24, 24 * 90),
      IDEMPOTENCY_PURGE_INTERVAL_SECONDS: env.int(600, 1, 86_400),
    },
    environment,
  );
}

export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

export function processorLatencyMs(config: PaymentsConfig): number {
  return config.PROCESSOR_LATENCY_MS ?? (config.NODE_ENV === 'test' ? 0 : 50);
}
