import { mkdirSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { freePort, startProcess, UNLIMITED, type ProcessHandle, type ProcessName } from '@agora/test-kit';
import type { DatabaseKind } from './options.js';

export type ServiceName = Exclude<ProcessName, 'aggregator'>;
const SERVICES: ServiceName[] = ['auth', 'inventory', 'orders', 'payments'];
const URL_VARIABLE: Record<ServiceName, string> = {
  auth: 'AUTH_URL',
  inventory: 'INVENTORY_URL',
  orders: 'ORDERS_URL',
  payments: 'PAYMENTS_URL',
};
const MYSQL_ROOT = 'mysql://root@127.0.0.1:3306';

export interface BenchSystem {
  processes: Record<ProcessName, ProcessHandle>;
  /** DATABASE_URL of each process, for the seeders that write straight into a service's database. */
  databaseUrls: Record<ProcessName, string>;
  url(name: ProcessName): string;
  /** Restarts these processes under the V8 profiler; each one's .cpuprofile lands in `profileDir/<name>` when it stops. */
  profile(names: ProcessName[], profileDir: string): Promise<{ stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** A fresh database per process: SQLite files under the run's work dir, or `agora_<svc>_bench` schemas dropped and created again on MariaDB. */
async function freshDatabases(kind: DatabaseKind, workDir: string): Promise<Record<ProcessName, string>> {
  const names: ProcessName[] = [...SERVICES, 'aggregator'];
  if (kind === 'sqlite') {
    const dir = path.join(workDir, 'data');
    mkdirSync(dir, { recursive: true });
    return Object.fromEntries(names.map((name) => [name, `sqlite:${path.join(dir, `${name}.sqlite`)}`])) as Record<
      ProcessName,
      string
    >;
  }
  const connection = await mysql.createConnection(MYSQL_ROOT);
  try {
    for (const name of names) {
      await connection.query(`DROP DATABASE IF EXISTS \`agora_${name}_bench\``);
      await connection.query(
        `CREATE DATABASE \`agora_${name}_bench\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    }
  } finally {
    await connection.end();
  }
  return Object.fromEntries(names.map((name) => [name, `${MYSQL_ROOT}/agora_${name}_bench`])) as Record<
    ProcessName,
    string
  >;
}

/**
 * Starts the four services and the aggregator as real processes, wired by URL as `npm start`
 * does: compiled (`node dist/index.js`, NODE_ENV=production, as the images run them) unless
 * `source` asks for tsx. Request logs are off (LOG_LEVEL=warn): at thousands of requests a
 * second they would measure the log pipe, not the service.
 */
export async function startBenchSystem(
  kind: DatabaseKind,
  workDir: string,
  options: { source: boolean; nodeArgs: string[] },
): Promise<BenchSystem> {
  const databaseUrls = await freshDatabases(kind, workDir);
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await freePort()]))) as Record<
    ServiceName,
    number
  >;
  const common: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    AGORA_DATA_DIR: path.join(workDir, 'data'),
    ...Object.fromEntries(SERVICES.map((name) => [URL_VARIABLE[name], `http://127.0.0.1:${ports[name]}`])),
  };
  const processes = {} as Record<ProcessName, ProcessHandle>;
  const startOptions = { readyTimeoutMs: 120_000, compiled: !options.source, nodeArgs: options.nodeArgs };
  await Promise.all(
    SERVICES.map(async (name) => {
      processes[name] = await startProcess(
        name,
        { ...common, DATABASE_URL: databaseUrls[name] },
        { port: ports[name], ...startOptions },
      );
    }),
  );
  // Load comes from one address: the rate limits would measure themselves, not the system.
  const aggregatorEnv = {
    ...common,
    ...UNLIMITED,
    DATABASE_URL: databaseUrls.aggregator,
    INTERNAL_PORT: String(await freePort()),
  };
  processes.aggregator = await startProcess('aggregator', aggregatorEnv, startOptions);
  return {
    processes,
    databaseUrls,
    url: (name) => processes[name].url,
    // The same process again on its port under --cpu-prof; V8 writes the profile on exit,
    // which SIGTERM reaches through the process's own shutdown.
    profile: async (names, profileDir) => {
      const profiled = await Promise.all(
        names.map(async (name) => {
          const { env, port } = processes[name];
          await processes[name].stop();
          const nodeArgs = [...options.nodeArgs, '--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`];
          processes[name] = await startProcess(name, env, { ...startOptions, port, nodeArgs });
          return processes[name];
        }),
      );
      return {
        // Ends the profiled processes (writing their profiles) and starts them again as before.
        stop: async () => {
          await Promise.all(
            profiled.map(async ({ name, env, port }) => {
              await processes[name].stop();
              processes[name] = await startProcess(name, env, { ...startOptions, port });
            }),
          );
        },
      };
    },
    stop: async () => {
      await Promise.all(Object.values(processes).map((p) => p.stop()));
    },
  };
}
