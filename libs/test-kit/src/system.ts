import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { startProcess, type ProcessHandle, type ProcessName } from './processes.js';
import { testDatabaseUrl } from './databases.js';
import { freePort } from './free-port.js';
import { forgetContract, serveContract } from './contract.js';
import { httpClient, type TestHttp } from './http.js';

export interface SystemOptions {
  /** The services to run besides the aggregator (default: all four). */
  services?: Exclude<ProcessName, 'aggregator'>[];
  /** Extra environment for every process. */
  env?: Record<string, string>;
  /** Extra environment per process. */
  envOf?: Partial<Record<ProcessName, Record<string, string>>>;
  /** How long each process may take to answer /readyz (startProcess's default, READY_TIMEOUT_MS, when unset). */
  readyTimeoutMs?: number;
  /**
   * The aggregator's deadlines: SLOW_MACHINE_DEADLINES (the default), or the production ones for
   * a test whose outcome depends on them. A test of particular deadlines sets them in envOf.aggregator.
   */
  deadlines?: 'slow-machine' | 'production';
}

export interface SystemHandle {
  processes: Partial<Record<ProcessName, ProcessHandle>>;
  aggregator: ProcessHandle;
  /** The aggregator's public base URL (`…/api/v1` is under it). */
  url: string;
  /** The aggregator's internal listener (INTERNAL_PORT): the routes auth's erasure job calls. */
  internalUrl: string;
  /** A client of the aggregator whose every response must match api-docs/public.yaml, or operators.yaml for /healthz and /readyz (so does any `httpClient(url)`). */
  api: TestHttp;
  dataDir: string;
  stop(): Promise<void>;
}

/** Each service's URL variable; AGGREGATOR_URL names the aggregator's internal listener. */
const URL_VARIABLE: Record<ProcessName, string> = {
  aggregator: 'AGGREGATOR_URL',
  auth: 'AUTH_URL',
  inventory: 'INVENTORY_URL',
  orders: 'ORDERS_URL',
  payments: 'PAYMENTS_URL',
};

/**
 * Rate limits far above anything a test sends: tests race 100 buyers at checkout and retry
 * checkouts every few hundred ms, all from 127.0.0.1, and must never meet a 429 they did not
 * ask for. A test of the limits themselves sets its own (envOf.aggregator).
 */
export const UNLIMITED: Record<string, string> = {
  RATE_LIMIT_AUTH: '10000000',
  RATE_LIMIT_WRITES: '10000000',
  RATE_LIMIT_READS: '10000000',
  LOGIN_IP_FAILURES: '10000000',
};

/**
 * The aggregator's deadlines under test: on a loaded machine (two cores, five processes, argon2 at
 * every sign-up) a call can outlast the production ones (1.5 s per internal call, 2 s per request),
 * and only real failures should fail a test. Tests of the deadlines set their own.
 */
export const SLOW_MACHINE_DEADLINES: Record<string, string> = {
  INTERNAL_TIMEOUT_MS: '20000',
  REQUEST_DEADLINE_MS: '30000',
};

/**
 * Starts the real processes: each service with a fresh database of its own, then
 * the aggregator wired to them by URL, as `npm start` does.
 */
export async function startSystem(options: SystemOptions = {}): Promise<SystemHandle> {
  const services = options.services ?? ['auth', 'inventory', 'orders', 'payments'];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agora-system-'));
  const processes: Partial<Record<ProcessName, ProcessHandle>> = {};
  const serviceUrls: Record<string, string> = {};
  // Every process learns every URL up front, so a service that is down is simply refused.
  const ports: Record<string, number> = {};
  for (const name of ['auth', 'inventory', 'orders', 'payments'] as const) {
    ports[name] = await freePort();
    serviceUrls[URL_VARIABLE[name]] = `http://127.0.0.1:${ports[name]}`;
  }
  const internalPort = await freePort();
  serviceUrls[URL_VARIABLE.aggregator] = `http://127.0.0.1:${internalPort}`;
  // The catalog micro-cache and the name cache are off unless a test turns them on: most tests read their own writes at once.
  const common = {
    NODE_ENV: 'test',
    AGORA_DATA_DIR: dataDir,
    CATALOG_CACHE_MS: '0',
    USER_NAME_CACHE_MS: '0',
    ...serviceUrls,
    ...options.env,
  };
  // If any process fails to start, stop the ones that did: the caller gets no handle to stop them.
  const stopStarted = () => Promise.all(Object.values(processes).map((p) => p!.stop()));
  const starts = await Promise.allSettled(
    services.map(async (name) => {
      const env = { ...common, DATABASE_URL: await testDatabaseUrl(name), ...options.envOf?.[name] };
      processes[name] = await startProcess(name, env, { port: ports[name], readyTimeoutMs: options.readyTimeoutMs });
    }),
  );
  const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopStarted();
    throw failed.reason;
  }
  const aggregatorEnv = {
    ...common,
    ...UNLIMITED,
    ...(options.deadlines === 'production' ? {} : SLOW_MACHINE_DEADLINES),
    DATABASE_URL: await testDatabaseUrl('aggregator'),
    INTERNAL_PORT: String(internalPort),
    ...options.env,
    ...options.envOf?.aggregator,
  };
  const aggregator = await startProcess('aggregator', aggregatorEnv, { readyTimeoutMs: options.readyTimeoutMs }).catch(
    async (err) => {
      await stopStarted();
      throw err;
    },
  );
  processes.aggregator = aggregator;
  serveContract(aggregator.url, ['api-docs/public.yaml', 'api-docs/operators.yaml']);
  return {
    processes,
    aggregator,
    url: aggregator.url,
    internalUrl: serviceUrls[URL_VARIABLE.aggregator]!,
    api: httpClient(aggregator.url),
    dataDir,
    stop: async () => {
      forgetContract(aggregator.url);
      await Promise.all(Object.values(processes).map((p) => p!.stop()));
    },
  };
}
