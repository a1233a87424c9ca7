import { z } from 'zod';

/**
 * Every address and name the cluster uses, from the environment (defaults for a local run).
 * Parsed once at start; a bad value stops the launcher before anything runs.
 */
const shape = z.object({
  /** MariaDB as root (one database per process is created under it). */
  AGORA_CLUSTER_MYSQL_URL: z
    .string()
    .regex(/^mysql:\/\//)
    .default('mysql://root@127.0.0.1:3306'),
  /** The Redis the aggregator replicas share their rate limits through. */
  REDIS_URL: z
    .string()
    .regex(/^redis:\/\//)
    .default('redis://127.0.0.1:6379'),
  /** The public entry (the load balancer in front of the aggregator). */
  AGORA_CLUSTER_HOST: z.string().default('127.0.0.1'),
  AGORA_CLUSTER_PORT: z.coerce.number().int().min(1).max(65535).default(8180),
  /** HAProxy's stats page (`/stats`); unset: a free port. */
  AGORA_CLUSTER_STATS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Prefix of the bridge, links and namespaces (at most 6 characters: link names are short). */
  AGORA_CLUSTER_NAME: z
    .string()
    .regex(/^[a-z][a-z0-9]{0,5}$/)
    .default('agc'),
  /** The replicas' /24: the gateway is .1, replicas from .10. */
  AGORA_CLUSTER_SUBNET: z
    .string()
    .regex(/^\d+\.\d+\.\d+\.0\/24$/)
    .default('10.77.0.0/24'),
  /** `netns` or `loopback` forces one; unset: namespaces when they can be created. */
  AGORA_CLUSTER_NETWORK: z.enum(['netns', 'loopback']).optional(),
  AGORA_CLUSTER_DB_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,40}$/)
    .default('agora_cluster'),
  AGORA_CLUSTER_REPLICAS: z.coerce.number().int().min(1).max(5).default(2),
  /** How long every replica may take to turn ready (a busy machine starts ten processes slowly). */
  AGORA_CLUSTER_READY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(300_000),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  /** The auth replicas' shared signing key (PEM); unset: a fresh one per run, kept in memory only. */
  JWT_PRIVATE_KEY: z.string().optional(),
});

export interface ClusterEnvironment {
  mysqlUrl: string;
  redisUrl: string;
  publicHost: string;
  publicPort: number;
  statsPort?: number;
  name: string;
  subnet: string;
  network?: 'netns' | 'loopback';
  databasePrefix: string;
  replicas: number;
  logLevel: string;
  readyTimeoutMs: number;
  jwtPrivateKey?: string;
}

export function clusterEnvironment(env: NodeJS.ProcessEnv = process.env): ClusterEnvironment {
  const parsed = shape.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `Invalid cluster configuration:\n  - ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  - ')}`,
    );
  const e = parsed.data;
  return {
    mysqlUrl: e.AGORA_CLUSTER_MYSQL_URL,
    redisUrl: e.REDIS_URL,
    publicHost: e.AGORA_CLUSTER_HOST,
    publicPort: e.AGORA_CLUSTER_PORT,
    statsPort: e.AGORA_CLUSTER_STATS_PORT,
    name: e.AGORA_CLUSTER_NAME,
    subnet: e.AGORA_CLUSTER_SUBNET.replace(/\/24$/, ''),
    network: e.AGORA_CLUSTER_NETWORK,
    databasePrefix: e.AGORA_CLUSTER_DB_PREFIX,
    replicas: e.AGORA_CLUSTER_REPLICAS,
    logLevel: e.LOG_LEVEL,
    readyTimeoutMs: e.AGORA_CLUSTER_READY_TIMEOUT_MS,
    jwtPrivateKey: e.JWT_PRIVATE_KEY,
  };
}
