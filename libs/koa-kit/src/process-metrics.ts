import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Latency buckets, in seconds. The SLO thresholds (manifests/monitoring/prometheus-rules.yaml:
 * catalog 250 ms, checkout 1 s) and the 2 s request deadline are bucket bounds, so the SLO queries
 * read exact counts rather than interpolations.
 */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

export type RequestLabels = 'method' | 'route' | 'status_class';

/** One registry per process: what its /metrics (METRICS_PORT) serves. */
export interface ProcessMetrics {
  registry: Registry;
  /** Every request, by method, matched route template and status class: its `_count` is the request rate. */
  requestDuration: Histogram<RequestLabels>;
}

/** The registry of a process, with Node's runtime metrics (heap, GC, event loop lag, CPU, fds) and the request histogram. */
export function processMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram<RequestLabels>({
    name: 'agora_http_request_duration_seconds',
    help: 'HTTP requests served, by method, route template (unmatched: no route) and status class',
    labelNames: ['method', 'route', 'status_class'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return { registry, requestDuration };
}

/** A process's connection pool, read at scrape time (undefined where there is none, e.g. SQLite). */
export interface PoolStats {
  max: number;
  size: number;
  inUse: number;
  waiting: number;
}

/**
 * `agora_db_up` (the process's own database answers, checked at each scrape with a 1 s bound) and,
 * on MariaDB, the pool's connections: nothing is counted per query.
 */
export function observeDatabase(
  metrics: ProcessMetrics,
  database: { isUp: () => Promise<boolean>; pool: () => PoolStats | undefined },
): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'agora_db_up',
    help: '1 if the process reached its own database at the last scrape, else 0',
    registers,
    async collect() {
      this.set((await within(database.isUp(), 1_000)) ? 1 : 0);
    },
  });
  const poolGauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const stats = database.pool();
        if (stats) this.set(read(stats));
      },
    });
  // No pool (SQLite): no pool series at all, rather than zeros that look like an exhausted pool.
  if (!database.pool()) return;
  poolGauge('agora_db_pool_max_connections', 'Connections the pool may open', (s) => s.max);
  poolGauge('agora_db_pool_connections', 'Connections open (in use or idle)', (s) => s.size);
  poolGauge('agora_db_pool_connections_in_use', 'Connections lent to a query or transaction', (s) => s.inUse);
  poolGauge('agora_db_pool_waiting_requests', 'Queries waiting for a connection', (s) => s.waiting);
}

/** The promise's value, or undefined if it fails or takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One database read shared by the gauges of one scrape: prom-client collects every metric of a
 * scrape at once, so gauges fed by the same query each await this rather than setting one
 * another. A read that fails or takes over `timeoutMs` gives undefined: its series are left out of
 * that scrape, rather than the scrape failing or outlasting Prometheus' timeout (agora_db_up and
 * the logs say why).
 */
export function readOncePerScrape<T>(
  read: () => Promise<T>,
  options: { maxAgeMs?: number; timeoutMs?: number } = {},
): () => Promise<T | undefined> {
  const { maxAgeMs = 1_000, timeoutMs = 2_000 } = options;
  let last: { at: number; value: Promise<T | undefined> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > maxAgeMs) last = { at: now, value: within(read(), timeoutMs) };
    return last.value;
  };
}
