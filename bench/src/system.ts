import { mkdirSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { freePort, startProcess, UNLIMITED, type ProcessHandle, type ProcessName } from '@agora/test-kit';
import type { DatabaseKind } from './options.js';
import { startProfiledAggregator } from './profiled-aggregator.js';

export type ServiceName = Exclude<ProcessName, 'aggregator'>;
const SERVICES: ServiceName[] = ['auth', 'inventory', 'orders', 'payments'];
const URL_VARIABLE: Record<ServiceName, string> = { auth: 'AUTH_URL', inventory: 'INVENTORY_URL', orders: 'ORDERS_URL', payments: 'PAYMENTS_URL' };
const MYSQL_ROOT = 'mysql://root@127.0.0.1:3306';

export interface BenchSystem {
  processes: Record<ProcessName, ProcessHandle>;
  /** DATABASE_URL of each process, for the seeders that write straight into a service's database. */
  databaseUrls: Record<ProcessName, string>;
  url(name: ProcessName): string;
  /** Restarts the aggregator under the V8 profiler; its .cpuprofile lands in `profileDir` when it stops. */
  profileAggregator(profileDir: string): Promise<{ stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** A fresh database per process: SQLite files under the run's work dir, or `agora_<svc>_bench` schemas dropped and created again on MariaDB. */
async function freshDatabases(kind: DatabaseKind, workDir: string): Promise<Record<ProcessName, string>> {
  const names: ProcessName[] = [...SERVICES, 'aggregator'];
  if (kind === 'sqlite') {
    const dir = path.join(workDir, 'data');
    mkdirSync(dir, { recursive: true });
    return Object.fromEntries(names.map((name) => [name, `sqlite:${path.join(dir, `${name}.sqlite`)}`])) as Record<ProcessName, string>;
  }
  const connection = await mysql.createConnection(MYSQL_ROOT);
  try {
    for (const name of names) {
      await connection.query(`DROP DATABASE IF EXISTS \`agora_${name}_bench\``);
      await connection.query(`CREATE DATABASE \`agora_${name}_bench\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    }
  } finally {
    await connection.end();
  }
  return Object.fromEntries(names.map((name) => [name, `${MYSQL_ROOT}/agora_${name}_bench`])) as Record<ProcessName, string>;
}

/**
 * Starts the four services and the aggregator as real processes from their sources
 * (through tsx, like the tests; the compiled dist would start faster but serves the same
 * code), wired by URL as `npm start` does. Request logs are off (LOG_LEVEL=warn): at
 * thousands of requests a second they would measure the log pipe, not the service.
 */
export async function startBenchSystem(kind: DatabaseKind, workDir: string): Promise<BenchSystem> {
  const databaseUrls = await freshDatabases(kind, workDir);
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await freePort()]))) as Record<ServiceName, number>;
  const common: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    AGORA_DATA_DIR: path.join(workDir, 'data'),
    ...Object.fromEntries(SERVICES.map((name) => [URL_VARIABLE[name], `http://127.0.0.1:${ports[name]}`])),
  };
  const processes = {} as Record<ProcessName, ProcessHandle>;
  const startTimeout = { readyTimeoutMs: 120_000 };
  await Promise.all(
    SERVICES.map(async (name) => {
      processes[name] = await startProcess(name, { ...common, DATABASE_URL: databaseUrls[name] }, { port: ports[name], ...startTimeout });
    }),
  );
  // Load comes from one address: the rate limits would measure themselves, not the system.
  const aggregatorEnv = { ...common, ...UNLIMITED, DATABASE_URL: databaseUrls.aggregator, INTERNAL_PORT: String(await freePort()) };
  processes.aggregator = await startProcess('aggregator', aggregatorEnv, startTimeout);
  let profiled: { stop(): Promise<void> } | undefined;
  return {
    processes,
    databaseUrls,
    url: (name) => processes[name].url,
    profileAggregator: async (profileDir) => {
      await processes.aggregator.stop();
      profiled = await startProfiledAggregator(aggregatorEnv, processes.aggregator.port, profileDir);
      return profiled;
    },
    stop: async () => {
      await profiled?.stop();
      await Promise.all(Object.values(processes).map((p) => p.stop()));
    },
  };
}
