import type { ClusterProcess, LoadBalancing, RouteSettings } from './mesh-settings.js';

/** Where one replica listens (its own host in a network namespace, or a loopback port). */
export interface ReplicaAddress {
  id: string;
  host: string;
  port: number;
  /** The aggregator's INTERNAL_PORT on that host. */
  internalPort?: number;
}

export interface Endpoint {
  host: string;
  port: number;
}

export interface HaproxyLayout {
  /** The public entry (the ingress gateway's place): the aggregator's public routes only. */
  publicFrontend: Endpoint;
  /** Each service's address as its callers see it (the mesh's `<service>.agora.svc` names); `aggregator` is its internal listener. */
  serviceFrontends: Record<ClusterProcess, Endpoint>;
  replicas: Record<ClusterProcess, ReplicaAddress[]>;
  stats: Endpoint;
  adminSocket: string;
  /** Plain TCP forwards, e.g. MariaDB and Redis at the gateway address for the namespaced hosts. */
  tcpForwards: Array<{ name: string; bind: Endpoint; target: Endpoint }>;
  /** The body HAProxy answers with when no replica could answer (as the mesh's 503). */
  unavailableFile: string;
}

/** Envoy's retry conditions in HAProxy's words; an unknown one fails generation rather than being dropped. */
const RETRY_ON: Record<string, string[]> = {
  'gateway-error': ['502', '503', '504', 'response-timeout'],
  '5xx': ['500', '502', '503', '504', 'response-timeout'],
  'connect-failure': ['conn-failure'],
  reset: ['empty-response'],
  // HTTP/2's "not processed" signal; over HTTP/1.1 the equivalent is a connection refused before the request.
  'refused-stream': ['conn-failure'],
};

export function retryOnOf(route: RouteSettings): string {
  if (route.attempts === 0) return 'none';
  const conditions = route.retryOn.flatMap((condition) => {
    const mapped = RETRY_ON[condition];
    if (!mapped) throw new Error(`retryOn "${condition}" has no HAProxy equivalent in cluster/src/haproxy-config.ts`);
    return mapped;
  });
  return [...new Set(conditions)].join(' ');
}

const ms = (value: number) => `${value}ms`;
const at = (e: Endpoint) => `${e.host}:${e.port}`;

function serverLines(lb: LoadBalancing, replicas: ReplicaAddress[], internal: boolean): string[] {
  const { health, outlier } = lb;
  const observe =
    outlier.consecutiveErrors > 0
      ? ` observe ${outlier.counts === '5xx' ? 'layer7' : 'layer4'} error-limit ${outlier.consecutiveErrors} on-error mark-down`
      : '';
  const perServer = Math.max(1, Math.floor(lb.maxConnections / replicas.length));
  return replicas.map((r) => {
    const address = internal ? `${r.host}:${r.internalPort}` : `${r.host}:${r.port}`;
    const checkPort = internal ? ` port ${r.port}` : '';
    return `  server ${r.id} ${address} check${checkPort} inter ${ms(health.periodMs)} fall ${health.failureThreshold} rise ${health.successThreshold}${observe} maxconn ${perServer} pool-purge-delay ${ms(lb.idleTimeoutMs)}`;
  });
}

function backend(
  name: string,
  lb: LoadBalancing,
  route: RouteSettings,
  replicas: ReplicaAddress[],
  internal = false,
): string[] {
  return [
    `backend ${name}`,
    '  balance roundrobin',
    `  option httpchk GET ${lb.health.path}`,
    '  http-check expect status 200',
    `  timeout check ${ms(lb.health.timeoutMs)}`,
    `  timeout connect ${ms(lb.connectTimeoutMs)}`,
    // Per attempt: HAProxy has no budget over all attempts (the mesh's route timeout); the callers' deadlines end a request first.
    `  timeout server ${ms(route.attempts > 0 ? route.perTryTimeoutMs : route.timeoutMs)}`,
    `  retries ${route.attempts}`,
    `  retry-on ${retryOnOf(route)}`,
    ...serverLines(lb, replicas, internal),
    '',
  ];
}

function serviceSections(lb: LoadBalancing, layout: HaproxyLayout): string[] {
  const replicas = layout.replicas[lb.name];
  const front = layout.serviceFrontends[lb.name];
  if (lb.name === 'aggregator') {
    // Only auth's erasure job calls the internal listener; it has no route of its own in the mesh, so writes' settings (no retries).
    return [
      'frontend aggregator_internal',
      `  bind ${at(front)}`,
      '  default_backend aggregator_internal',
      '',
      ...backend('aggregator_internal', lb, lb.writes, replicas, true),
      'frontend aggregator_public',
      `  bind ${at(layout.publicFrontend)}`,
      '  option forwardfor',
      '  acl api path_beg /api/v1/',
      '  acl docs_and_keys path /docs /openapi.json /.well-known/jwks.json',
      '  acl docs_and_keys path_beg /docs/',
      '  acl get method GET',
      // As the gateway: only the public paths reach the aggregator (health checks and internal routes do not).
      '  http-request deny deny_status 404 unless api or docs_and_keys get',
      '  use_backend aggregator_reads if get',
      '  default_backend aggregator_writes',
      '',
      ...backend('aggregator_reads', lb, lb.reads, replicas),
      ...backend('aggregator_writes', lb, lb.writes, replicas),
    ];
  }
  return [
    `frontend ${lb.name}`,
    `  bind ${at(front)}`,
    `  use_backend ${lb.name}_reads if { method GET }`,
    `  default_backend ${lb.name}_writes`,
    '',
    ...backend(`${lb.name}_reads`, lb, lb.reads, replicas),
    ...backend(`${lb.name}_writes`, lb, lb.writes, replicas),
  ];
}

/** haproxy.cfg for the whole cluster, from the mesh's settings and the replicas' addresses. */
export function haproxyConfig(settings: LoadBalancing[], layout: HaproxyLayout): string {
  return [
    '# Generated by cluster/src/haproxy-config.ts from mesh/*.yaml and manifests/base/services/*.yaml. Do not edit.',
    'global',
    '  maxconn 8192',
    `  stats socket ${layout.adminSocket} mode 600 level admin`,
    '',
    'defaults',
    '  mode http',
    '  option http-keep-alive',
    // A retry, and a request whose replica was ejected, goes to another replica.
    '  option redispatch 1',
    '  timeout client 60s',
    '  timeout http-request 30s',
    '  timeout queue 5s',
    // The public contract knows one answer for "not available, or not final yet": 503 service_unavailable
    // (a checkout retried with its key then gets the final outcome). The balancer's own 502/503/504 are that.
    `  errorfile 502 ${layout.unavailableFile}`,
    `  errorfile 503 ${layout.unavailableFile}`,
    `  errorfile 504 ${layout.unavailableFile}`,
    '',
    'frontend stats',
    `  bind ${at(layout.stats)}`,
    '  stats enable',
    '  stats uri /stats',
    '',
    ...layout.tcpForwards.flatMap((f) => [
      `listen ${f.name}`,
      '  mode tcp',
      `  bind ${at(f.bind)}`,
      '  timeout connect 2s',
      '  timeout client 1h',
      '  timeout server 1h',
      `  server ${f.name} ${at(f.target)}`,
      '',
    ]),
    ...settings.flatMap((lb) => serviceSections(lb, layout)),
  ].join('\n');
}

/** What HAProxy answers when no replica could, or none answered in time: the contract's 503 problem+json. */
export function unavailableResponse(): string {
  const body = JSON.stringify({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'No replica could answer; try again.',
    code: 'service_unavailable',
  });
  return [
    'HTTP/1.1 503 Service Unavailable',
    'Content-Type: application/problem+json',
    'Retry-After: 1',
    'Cache-Control: no-store',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
