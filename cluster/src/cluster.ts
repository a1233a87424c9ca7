import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { allLoadBalancing, CLUSTER_PROCESSES, type ClusterProcess, type LoadBalancing } from './mesh-settings.js';
import { haproxyConfig, unavailableResponse, type Endpoint, type HaproxyLayout } from './haproxy-config.js';
import { Haproxy } from './haproxy.js';
import { openNetwork, type Network } from './network.js';
import { Replica } from './replica.js';
import type { ClusterEnvironment } from './environment.js';

export interface ClusterOptions extends ClusterEnvironment {
  /** Run folder: haproxy.cfg, its socket, one log file per replica, data folders. */
  runDir: string;
  /** Drop and create the databases (a test); otherwise they are kept between runs. */
  freshDatabases: boolean;
  /** Extra environment per process (e.g. the test lifts the rate limits). */
  envOf?: Partial<Record<ClusterProcess, Record<string, string>>>;
  onLine?: (replica: Replica, line: string) => void;
  /** Restart a replica that exited by itself after this long, as the kubelet does; undefined: leave it down. */
  restartAfterMs?: number;
  /** Free ports for the loopback replicas. */
  freePort: () => Promise<number>;
}

export interface Cluster {
  network: Network;
  /** The public entry: the aggregator's public routes through the load balancer. */
  url: string;
  /** Each service's address as the replicas call it (through the load balancer). */
  serviceUrls: Record<ClusterProcess, string>;
  replicas: Replica[];
  replicasOf(name: ClusterProcess): Replica[];
  /** Each process's database, as reachable from this process. */
  databaseUrls: Record<ClusterProcess, string>;
  settings: LoadBalancing[];
  haproxy: Haproxy;
  /** HAProxy's stats page. */
  statsUrl: string;
  /** The backends a process's replicas are servers of. */
  backendsOf(name: ClusterProcess): string[];
  /** True when every backend of the replica sends it traffic (`UP`), or when none does (`DOWN`, `MAINT`). */
  lbSees(replica: Replica, up: boolean): Promise<boolean>;
  /** Takes the replica out of (or back into) every backend, as endpoints do for a terminating pod. */
  setServing(replica: Replica, serving: boolean): Promise<void>;
  cut(replica: Replica): void;
  restore(replica: Replica): void;
  stop(): Promise<void>;
}

const SERVICE_PORTS: Record<ClusterProcess, number> = {
  auth: 8081,
  inventory: 8082,
  orders: 8083,
  payments: 8084,
  aggregator: 8090,
};
const URL_VARIABLE: Record<ClusterProcess, string> = {
  auth: 'AUTH_URL',
  inventory: 'INVENTORY_URL',
  orders: 'ORDERS_URL',
  payments: 'PAYMENTS_URL',
  aggregator: 'AGGREGATOR_URL',
};

async function prepareDatabases(options: ClusterOptions): Promise<Record<ClusterProcess, string>> {
  const connection = await mysql.createConnection(options.mysqlUrl);
  const urls = {} as Record<ClusterProcess, string>;
  try {
    for (const name of CLUSTER_PROCESSES) {
      const database = `${options.databasePrefix}_${name}`;
      if (options.freshDatabases) await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await connection.query(
        `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
      urls[name] = `${options.mysqlUrl.replace(/\/$/, '')}/${database}`;
    }
  } finally {
    await connection.end();
  }
  return urls;
}

export async function dropClusterDatabases(mysqlUrl: string, prefix: string): Promise<void> {
  const connection = await mysql.createConnection(mysqlUrl);
  try {
    for (const name of CLUSTER_PROCESSES) await connection.query(`DROP DATABASE IF EXISTS \`${prefix}_${name}\``);
  } finally {
    await connection.end();
  }
}

/** The same URL with another host and port (a replica in a namespace reaches MariaDB and Redis through the gateway). */
function via(url: string, endpoint: Endpoint): string {
  const parsed = new URL(url);
  parsed.hostname = endpoint.host;
  parsed.port = String(endpoint.port);
  return parsed.toString().replace(/\/$/, '');
}

/**
 * Starts the system as the cluster runs it: MariaDB databases (one per process), HAProxy in
 * front of every process with the mesh's settings, and `replicas` compiled replicas of each
 * process, all started together (so replicas of one service race on an empty database).
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  mkdirSync(path.join(options.runDir, 'logs'), { recursive: true });
  const settings = allLoadBalancing();
  const databaseUrls = await prepareDatabases(options);
  const network = openNetwork({ name: options.name, subnet: options.subnet, mode: options.network });
  // Ctrl-C reaches the replicas too (one process group): once stopping, an exit is never restarted.
  const started: { haproxy?: Haproxy; replicas: Replica[]; stopping?: boolean } = { replicas: [] };
  try {
    const netns = network.kind === 'netns';
    const gateway = network.gateway;
    const mysqlTarget = new URL(options.mysqlUrl);
    const redisTarget = new URL(options.redisUrl);
    const mysqlAtGateway = { host: gateway, port: Number(mysqlTarget.port || 3306) };
    const redisAtGateway = { host: gateway, port: Number(redisTarget.port || 6379) };
    const serviceFrontends = {} as Record<ClusterProcess, Endpoint>;
    for (const name of CLUSTER_PROCESSES)
      serviceFrontends[name] = { host: gateway, port: netns ? SERVICE_PORTS[name] : await options.freePort() };
    const serviceUrls = Object.fromEntries(
      CLUSTER_PROCESSES.map((n) => [n, `http://${serviceFrontends[n].host}:${serviceFrontends[n].port}`]),
    ) as Record<ClusterProcess, string>;

    const jwtKey =
      options.jwtPrivateKey ??
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
    const replicas: Replica[] = [];
    const layoutReplicas = {} as HaproxyLayout['replicas'];
    for (const name of CLUSTER_PROCESSES) {
      layoutReplicas[name] = [];
      for (let n = 1; n <= options.replicas; n++) {
        const id = `${name}-${n}`;
        const host = network.addHost(id);
        const port = netns ? 8080 : await options.freePort();
        const internalPort = name === 'aggregator' ? (netns ? 8090 : await options.freePort()) : undefined;
        layoutReplicas[name].push({ id, host: host.address, port, internalPort });
        const env: Record<string, string> = {
          NODE_ENV: 'production',
          LOG_LEVEL: options.logLevel,
          AGORA_DATA_DIR: path.join(options.runDir, 'data', id),
          DATABASE_URL: netns ? via(databaseUrls[name], mysqlAtGateway) : databaseUrls[name],
          ...Object.fromEntries(CLUSTER_PROCESSES.map((n) => [URL_VARIABLE[n], serviceUrls[n]])),
          ...(name === 'auth' ? { JWT_PRIVATE_KEY: jwtKey } : {}),
          ...(name === 'aggregator'
            ? {
                INTERNAL_PORT: String(internalPort),
                REDIS_URL: netns ? via(options.redisUrl, redisAtGateway) : options.redisUrl,
                TRUSTED_PROXY_HOPS: '1',
                RATE_LIMIT_KEY_PREFIX: `${options.databasePrefix}-rl`,
              }
            : {}),
          ...options.envOf?.[name],
        };
        mkdirSync(env.AGORA_DATA_DIR!, { recursive: true });
        const replica: Replica = new Replica({
          name,
          id,
          host,
          port,
          env,
          logFile: path.join(options.runDir, 'logs', `${id}.log`),
          onLine: options.onLine && ((line) => options.onLine!(replica, line)),
          onUnexpectedExit: () => {
            if (options.restartAfterMs === undefined) return;
            setTimeout(() => started.stopping || replica.running() || replica.start(), options.restartAfterMs).unref();
          },
        });
        replicas.push(replica);
      }
    }
    started.replicas = replicas;

    const unavailableFile = path.join(options.runDir, 'unavailable.http');
    writeFileSync(unavailableFile, unavailableResponse());
    const layout: HaproxyLayout = {
      publicFrontend: { host: options.publicHost, port: options.publicPort },
      serviceFrontends,
      replicas: layoutReplicas,
      stats: { host: '127.0.0.1', port: options.statsPort ?? (await options.freePort()) },
      adminSocket: path.join(options.runDir, 'haproxy.sock'),
      tcpForwards: netns
        ? [
            {
              name: 'mariadb',
              bind: mysqlAtGateway,
              target: { host: mysqlTarget.hostname, port: mysqlAtGateway.port },
            },
            { name: 'redis', bind: redisAtGateway, target: { host: redisTarget.hostname, port: redisAtGateway.port } },
          ]
        : [],
      unavailableFile,
    };
    const configFile = path.join(options.runDir, 'haproxy.cfg');
    writeFileSync(configFile, haproxyConfig(settings, layout));
    const haproxy = await Haproxy.start(
      configFile,
      layout.adminSocket,
      path.join(options.runDir, 'logs', 'haproxy.log'),
    );
    started.haproxy = haproxy;

    for (const replica of replicas) replica.start();
    await Promise.all(replicas.map((r) => waitUntilReady(r, options.readyTimeoutMs)));

    const backendsOf = (name: ClusterProcess) =>
      name === 'aggregator'
        ? ['aggregator_reads', 'aggregator_writes', 'aggregator_internal']
        : [`${name}_reads`, `${name}_writes`];
    const lbSees = async (replica: Replica, up: boolean) => {
      const rows = (await haproxy.serverStatuses()).filter(
        (s) => s.server === replica.id && backendsOf(replica.name).includes(s.backend),
      );
      // "UP 1/3" is still serving (a check failed); "DOWN 1/2" is not serving yet.
      return rows.length > 0 && rows.every((s) => (up ? s.status === 'UP' : /^(DOWN|MAINT)/.test(s.status)));
    };
    const cluster: Cluster = {
      network,
      url: `http://${options.publicHost}:${options.publicPort}`,
      serviceUrls,
      replicas,
      replicasOf: (name) => replicas.filter((r) => r.name === name),
      databaseUrls,
      settings,
      haproxy,
      statsUrl: `http://${layout.stats.host}:${layout.stats.port}/stats`,
      backendsOf,
      lbSees,
      setServing: async (replica, serving) => {
        for (const backend of backendsOf(replica.name))
          await haproxy.command(`set server ${backend}/${replica.id} state ${serving ? 'ready' : 'maint'}`);
      },
      cut: (replica) => network.cut(replica.options.host),
      restore: (replica) => network.restore(replica.options.host),
      stop: () => stopAll(started, network),
    };
    // Serving starts when the load balancer's health checks have seen every replica ready.
    const until = Date.now() + 60_000;
    for (const replica of replicas) while (!(await lbSees(replica, true)) && Date.now() < until) await sleep(200);
    return cluster;
  } catch (err) {
    await stopAll(started, network);
    throw err;
  }
}

/** Ready, or (when a supervisor restarts it after a lost race) ready after its restart. */
async function waitUntilReady(replica: Replica, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await replica.waitReady(Math.max(1, until - Date.now()));
    } catch (err) {
      if (Date.now() >= until) throw err;
      await sleep(500);
    }
  }
}

async function stopAll(
  started: { haproxy?: Haproxy; replicas: Replica[]; stopping?: boolean },
  network: Network,
): Promise<void> {
  started.stopping = true;
  await Promise.all(started.replicas.map((r) => r.stop().catch(() => r.kill())));
  for (const replica of started.replicas) replica.close();
  await started.haproxy?.stop();
  network.teardown();
}
