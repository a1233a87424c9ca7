import os from 'node:os';
import autocannon, { type RequestStep } from 'autocannon';

/** One bounded autocannon run: it ends after `durationSeconds`, or after `amount` requests when each request uses up prepared data. */
export interface Scenario {
  name: string;
  /** Which process answers: the bare Koa ceiling, a service directly, or the aggregator. */
  target: 'koa' | 'auth' | 'inventory' | 'orders' | 'aggregator';
  /** The scenario that sends the same request straight to the service, for the aggregator-vs-direct ratio. */
  directOf?: string;
  url: string;
  requests: RequestStep[];
  amount?: number;
  /** Fewer connections than the plan's, for paths whose every request holds a scarce resource (argon2, the checkout saga). */
  connections?: number;
  /** Runs once per catalog size when true; once in all otherwise. */
  byCatalogSize?: boolean;
  /** 'cache-hostile': every request differs (query string, id or user), so no cache answers it. */
  group?: 'cache-hostile';
}

export interface LoadResult {
  scenario: string;
  target: Scenario['target'];
  directOf?: string;
  group?: Scenario['group'];
  catalogSize: number;
  connections: number;
  durationSeconds: number;
  requests: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** os.loadavg() just before the run: the machine is shared, so every figure carries it. */
  loadAverageBefore: number[];
  /** CPU ms per request of each of our processes during the run (cpu-usage.ts); absent for the bare Koa row. */
  cpuMsPerRequest?: Partial<Record<string, number>>;
}

export async function runLoad(
  scenario: Scenario,
  options: { connections: number; durationSeconds: number; catalogSize: number },
): Promise<LoadResult> {
  const loadAverageBefore = os.loadavg().map((n) => Math.round(n * 100) / 100);
  const connections = scenario.connections ?? options.connections;
  const instance = autocannon({
    url: scenario.url,
    connections,
    duration: options.durationSeconds,
    amount: scenario.amount,
    timeout: 10,
    requests: scenario.requests,
  });
  // A run bounded by `amount` gets a time limit too, so a slow system cannot stretch it without end.
  const guard = scenario.amount ? setTimeout(() => instance.stop(), options.durationSeconds * 6_000) : undefined;
  const result = await instance;
  clearTimeout(guard);
  return {
    scenario: scenario.name,
    target: scenario.target,
    directOf: scenario.directOf,
    group: scenario.group,
    catalogSize: options.catalogSize,
    connections,
    durationSeconds: result.duration,
    requests: result.requests.total,
    rps: Math.round(result.requests.total / result.duration),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count])),
    loadAverageBefore,
  };
}
