import { commonShape, env, loadConfig, z } from '@agora/config';
import { abuseShape } from './abuse-config.js';

export function loadAggregatorConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonShape,
      PORT: env.port(8080),
      /**
       * The routes other services call (auth's erasure job) listen here, never on the public
       * PORT: whatever routes public traffic to the aggregator cannot reach them.
       */
      INTERNAL_PORT: env.port(8090),
      /** Serves GET /metrics only (Prometheus, through Istio's metrics merging); never routed from outside. */
      METRICS_PORT: env.port(9180),
      AUTH_URL: env.urlWithDefault('http://127.0.0.1:8081'),
      INVENTORY_URL: env.urlWithDefault('http://127.0.0.1:8082'),
      ORDERS_URL: env.urlWithDefault('http://127.0.0.1:8083'),
      PAYMENTS_URL: env.urlWithDefault('http://127.0.0.1:8084'),
      JWT_ISSUER: env.string('agora-auth'),
      JWT_AUDIENCE: env.string('agora'),
      /** How often auth's JWKS is fetched again (besides on an unknown key id): the wait between the two steps of a key rotation. */
      JWKS_REFRESH_MS: env.int(60_000, 100, 86_400_000),
      /** Deadline of one internal call attempt. */
      INTERNAL_TIMEOUT_MS: env.int(1500, 50, 60_000),
      /** Every internal call made for one public request finishes within this budget. */
      REQUEST_DEADLINE_MS: env.int(2000, 100, 120_000),
      /** Public catalog reads are reused this long (≤ 1 s keeps pages fresh within a second); 0 turns it off. */
      CATALOG_CACHE_MS: env.int(1000, 0, 1000),
      /**
       * Display names joined into pages (sellers, buyers) are reused this long: API.md allows up
       * to 60 s, never for a deleted account (the revocation feed), and a name that was never
       * cached is null while auth is down. 0 asks auth on every page.
       */
      USER_NAME_CACHE_MS: env.int(60_000, 0, 60_000),
      /**
       * How long a checkout/cancel saga belongs to its driver before the recovery job (or a
       * retry of the checkout) may take it over. It must outlive every call the driver can
       * still have in flight: unset, it is REQUEST_DEADLINE_MS + DEADLINE_SKEW_MS + 500 ms
       * (sagaLeaseMs), after which no service accepts that driver's calls any more.
       */
      SAGA_LEASE_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
      SAGA_RECOVERY_INTERVAL_MS: env.int(1_000, 50, 3_600_000),
      /** Public Idempotency-Keys are kept at least this long (API.md: ≥ 24 h). */
      IDEMPOTENCY_RETENTION_HOURS: env.int(24, 24, 24 * 30),
      /**
       * Admission control (api/admission.ts): requests of each class handled at once, and how
       * many more may wait in line; the rest, and whoever waited ADMISSION_MAX_WAIT_MS, get
       * 503 + Retry-After at once. Sized per replica: checkouts are each a saga of a few writes
       * on three services, logins an argon2 hash in auth. Checkout's 8: on the 2-CPU bench box
       * 32 at once took ~2 s each and a third missed the deadline (17/s, work wasted on callers
       * that gave up); 8 at once answered all 200 in ~1 s each (25/s). Concurrency ≈ the
       * throughput the services sustain × the latency wanted (bench/results, docs/performance.md).
       */
      ADMISSION_CHECKOUT_CONCURRENCY: env.int(8, 1, 10_000),
      ADMISSION_CHECKOUT_QUEUE: env.int(512, 0, 100_000),
      ADMISSION_LOGIN_CONCURRENCY: env.int(8, 1, 10_000),
      ADMISSION_LOGIN_QUEUE: env.int(64, 0, 100_000),
      ADMISSION_WRITES_CONCURRENCY: env.int(64, 1, 10_000),
      ADMISSION_WRITES_QUEUE: env.int(512, 0, 100_000),
      ADMISSION_READS_CONCURRENCY: env.int(256, 1, 10_000),
      ADMISSION_READS_QUEUE: env.int(2048, 0, 100_000),
      /** The longest a request waits in line before it is refused (and never past its own deadline). */
      ADMISSION_MAX_WAIT_MS: env.int(1500, 0, 120_000),
      ...abuseShape,
    },
    environment,
  );
}

export type AggregatorConfig = ReturnType<typeof loadAggregatorConfig>;

/** The saga lease: longer than a driver's deadline plus the clock skew the services allow. */
export function sagaLeaseMs(config: AggregatorConfig): number {
  return config.SAGA_LEASE_MS ?? config.REQUEST_DEADLINE_MS + config.DEADLINE_SKEW_MS + 500;
}

/** The admission limits per route class, from the ADMISSION_* settings. */
export function admissionLimits(config: AggregatorConfig) {
  const limit = (concurrency: number, queue: number) => ({
    concurrency,
    queue,
    maxWaitMs: config.ADMISSION_MAX_WAIT_MS,
  });
  return {
    checkout: limit(config.ADMISSION_CHECKOUT_CONCURRENCY, config.ADMISSION_CHECKOUT_QUEUE),
    login: limit(config.ADMISSION_LOGIN_CONCURRENCY, config.ADMISSION_LOGIN_QUEUE),
    writes: limit(config.ADMISSION_WRITES_CONCURRENCY, config.ADMISSION_WRITES_QUEUE),
    reads: limit(config.ADMISSION_READS_CONCURRENCY, config.ADMISSION_READS_QUEUE),
  };
}
