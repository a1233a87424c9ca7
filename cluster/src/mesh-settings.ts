import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The load-balancing settings of one process, read from the files the cluster itself applies:
 * mesh/destination-rules.yaml (pools, outlier detection), mesh/routes.yaml (a service's
 * timeouts and retries), mesh/gateway.yaml (the aggregator's public routes) and the readiness
 * probe of its Deployment in manifests/base/services/ (when a pod stops receiving traffic).
 * The HAProxy configuration is generated from these and nothing else, so the two cannot drift.
 */
export interface LoadBalancing {
  name: ClusterProcess;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  outlier: { consecutiveErrors: number; counts: '5xx' | 'local-origin' };
  reads: RouteSettings;
  writes: RouteSettings;
  health: HealthCheck;
}

export interface RouteSettings {
  timeoutMs: number;
  attempts: number;
  perTryTimeoutMs: number;
  retryOn: string[];
}

export interface HealthCheck {
  path: string;
  periodMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
}

export const CLUSTER_PROCESSES = ['auth', 'inventory', 'orders', 'payments', 'aggregator'] as const;
export type ClusterProcess = (typeof CLUSTER_PROCESSES)[number];

/** A value the generator needs is absent: the message names the file, the object and the path. */
export class MissingMeshSetting extends Error {
  constructor(file: string, object: string, key: string) {
    super(`${file}: ${object} has no ${key}, which the HAProxy configuration is generated from`);
    this.name = 'MissingMeshSetting';
  }
}

type Doc = Record<string, any>;
export type SourceFiles = Record<'destinationRules' | 'routes' | 'gateway', Doc[]> & {
  deployments: Record<ClusterProcess, Doc[]>;
};

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const SOURCE_PATHS = {
  destinationRules: 'mesh/destination-rules.yaml',
  routes: 'mesh/routes.yaml',
  gateway: 'mesh/gateway.yaml',
  deployment: (name: ClusterProcess) => `manifests/base/services/${name}.yaml`,
};

export function parseYamlDocuments(text: string): Doc[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Doc)
    .filter(Boolean);
}

export function readSourceFiles(root = ROOT): SourceFiles {
  const read = (file: string) => parseYamlDocuments(readFileSync(path.join(root, file), 'utf8'));
  return {
    destinationRules: read(SOURCE_PATHS.destinationRules),
    routes: read(SOURCE_PATHS.routes),
    gateway: read(SOURCE_PATHS.gateway),
    deployments: Object.fromEntries(
      CLUSTER_PROCESSES.map((name) => [name, read(SOURCE_PATHS.deployment(name))]),
    ) as SourceFiles['deployments'],
  };
}

/** "1s", "1500ms", "2m" → milliseconds. */
export function durationMs(value: unknown, where: () => MissingMeshSetting): number {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value) : null;
  if (!match) throw where();
  return Math.round(Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms']);
}

function need(object: any, keyPath: string, file: string, name: string): any {
  const value = keyPath.split('.').reduce((at, key) => (at == null ? undefined : at[key]), object);
  if (value === undefined || value === null) throw new MissingMeshSetting(file, name, keyPath);
  return value;
}

const hostOf = (name: ClusterProcess) => `${name}.agora.svc.cluster.local`;

function routeSettings(route: Doc | undefined, file: string, name: string): RouteSettings {
  if (!route) throw new MissingMeshSetting(file, 'its VirtualService', name);
  const timeoutMs = durationMs(need(route, 'timeout', file, name), () => new MissingMeshSetting(file, name, 'timeout'));
  const attempts = Number(need(route, 'retries.attempts', file, name));
  if (attempts === 0) return { timeoutMs, attempts, perTryTimeoutMs: timeoutMs, retryOn: [] };
  const perTry = need(route, 'retries.perTryTimeout', file, name);
  return {
    timeoutMs,
    attempts,
    perTryTimeoutMs: durationMs(perTry, () => new MissingMeshSetting(file, name, 'retries.perTryTimeout')),
    retryOn: String(need(route, 'retries.retryOn', file, name))
      .split(',')
      .map((s) => s.trim()),
  };
}

/** A GET-only route and the catch-all after it, by the names the mesh files give them. */
function routesOf(name: ClusterProcess, files: SourceFiles): { reads: RouteSettings; writes: RouteSettings } {
  if (name === 'aggregator') {
    const service = files.gateway.find((d) => d.kind === 'VirtualService');
    const http: Doc[] = need(service, 'spec.http', SOURCE_PATHS.gateway, 'the public VirtualService');
    return {
      reads: routeSettings(
        http.find((r) => r.name === 'api-reads'),
        SOURCE_PATHS.gateway,
        'route api-reads',
      ),
      writes: routeSettings(
        http.find((r) => r.name === 'api-writes'),
        SOURCE_PATHS.gateway,
        'route api-writes',
      ),
    };
  }
  const service = files.routes.find((d) => d.kind === 'VirtualService' && d.spec?.hosts?.includes(hostOf(name)));
  const http: Doc[] = need(service, 'spec.http', SOURCE_PATHS.routes, `VirtualService ${name}`);
  return {
    reads: routeSettings(
      http.find((r) => r.name === 'reads'),
      SOURCE_PATHS.routes,
      `${name} route reads`,
    ),
    writes: routeSettings(
      http.find((r) => r.name === 'writes'),
      SOURCE_PATHS.routes,
      `${name} route writes`,
    ),
  };
}

function outlierOf(policy: Doc, label: string): LoadBalancing['outlier'] {
  const file = SOURCE_PATHS.destinationRules;
  const outlier = need(policy, 'outlierDetection', file, label);
  if (outlier.splitExternalLocalOriginErrors) {
    return {
      consecutiveErrors: Number(need(outlier, 'consecutiveLocalOriginFailures', file, label)),
      counts: 'local-origin',
    };
  }
  return { consecutiveErrors: Number(need(outlier, 'consecutive5xxErrors', file, label)), counts: '5xx' };
}

function healthOf(name: ClusterProcess, files: SourceFiles): { health: HealthCheck } {
  const file = SOURCE_PATHS.deployment(name);
  const deployment = files.deployments[name].find((d) => d.kind === 'Deployment');
  const containers: Doc[] = need(deployment, 'spec.template.spec.containers', file, 'the Deployment');
  const container = containers.find((c) => c.name === name);
  const probe = need(container, 'readinessProbe', file, `container ${name}`);
  return {
    health: {
      path: need(probe, 'httpGet.path', file, 'readinessProbe'),
      periodMs: 1000 * Number(need(probe, 'periodSeconds', file, 'readinessProbe')),
      timeoutMs: 1000 * Number(need(probe, 'timeoutSeconds', file, 'readinessProbe')),
      failureThreshold: Number(need(probe, 'failureThreshold', file, 'readinessProbe')),
      // Kubernetes' own default, as the cluster applies it.
      successThreshold: Number(probe.successThreshold ?? 1),
    },
  };
}

export function loadBalancingOf(name: ClusterProcess, files: SourceFiles = readSourceFiles()): LoadBalancing {
  const file = SOURCE_PATHS.destinationRules;
  const rule = files.destinationRules.find((d) => d.kind === 'DestinationRule' && d.spec?.host === hostOf(name));
  const label = `DestinationRule ${name}`;
  const policy = need(rule, 'spec.trafficPolicy', file, label);
  return {
    name,
    connectTimeoutMs: durationMs(
      need(policy, 'connectionPool.tcp.connectTimeout', file, label),
      () => new MissingMeshSetting(file, label, 'connectTimeout'),
    ),
    idleTimeoutMs: durationMs(
      need(policy, 'connectionPool.http.idleTimeout', file, label),
      () => new MissingMeshSetting(file, label, 'idleTimeout'),
    ),
    maxConnections: Number(need(policy, 'connectionPool.tcp.maxConnections', file, label)),
    outlier: outlierOf(policy, label),
    ...routesOf(name, files),
    ...healthOf(name, files),
  };
}

export function allLoadBalancing(files: SourceFiles = readSourceFiles()): LoadBalancing[] {
  return CLUSTER_PROCESSES.map((name) => loadBalancingOf(name, files));
}
