import { expect } from 'chai';
import { haproxyConfig, retryOnOf, unavailableResponse, type HaproxyLayout } from '../../cluster/src/haproxy-config.js';
import {
  allLoadBalancing,
  CLUSTER_PROCESSES,
  durationMs,
  loadBalancingOf,
  MissingMeshSetting,
  readSourceFiles,
  type ClusterProcess,
  type SourceFiles,
} from '../../cluster/src/mesh-settings.js';

const files = () => structuredClone(readSourceFiles());
const rule = (f: SourceFiles, name: ClusterProcess) =>
  f.destinationRules.find((d) => d.spec?.host === `${name}.agora.svc.cluster.local`)!;
const service = (f: SourceFiles, name: ClusterProcess) =>
  f.routes.find((d) => d.spec?.hosts?.includes(`${name}.agora.svc.cluster.local`))!;
const probe = (f: SourceFiles, name: ClusterProcess) =>
  f.deployments[name]
    .find((d) => d.kind === 'Deployment')!
    .spec.template.spec.containers.find((c: any) => c.name === name).readinessProbe;
const dur = (value: string) => durationMs(value, () => new Error(value) as MissingMeshSetting);
/** HAProxy's server timeout for a route: per try when it retries, else the route's own timeout. */
const serverTimeout = (route: any) => dur(route.retries.attempts > 0 ? route.retries.perTryTimeout : route.timeout);

const layout: HaproxyLayout = {
  publicFrontend: { host: '127.0.0.1', port: 8180 },
  serviceFrontends: {
    auth: { host: '10.0.0.1', port: 8081 },
    inventory: { host: '10.0.0.1', port: 8082 },
    orders: { host: '10.0.0.1', port: 8083 },
    payments: { host: '10.0.0.1', port: 8084 },
    aggregator: { host: '10.0.0.1', port: 8090 },
  },
  replicas: Object.fromEntries(
    CLUSTER_PROCESSES.map((name, i) => [
      name,
      [1, 2].map((n) => ({ id: `${name}-${n}`, host: `10.0.0.${10 + 2 * i + n}`, port: 8080, internalPort: 8090 })),
    ]),
  ) as HaproxyLayout['replicas'],
  stats: { host: '127.0.0.1', port: 9000 },
  adminSocket: '/tmp/haproxy.sock',
  tcpForwards: [],
  unavailableFile: '/tmp/unavailable.http',
};

/** The lines of one section (`backend auth_reads`) of a generated configuration. */
function section(config: string, header: string): string[] {
  const lines = config.split('\n');
  const start = lines.indexOf(header);
  expect(start, header).to.be.greaterThan(-1);
  const end = lines.findIndex((line, i) => i > start && line === '');
  return lines.slice(start + 1, end).map((l) => l.trim());
}

/**
 * `npm run start:cluster` puts HAProxy where the mesh balances: its configuration is generated
 * from mesh/*.yaml and the Deployments' readiness probes, so these values are read from the
 * files here too (never written down), and a value the generator needs cannot go missing unnoticed.
 */
describe('HAProxy configuration generated from the mesh (cluster/src/haproxy-config.ts)', () => {
  it('gives every service the timeouts, retries, outlier ejection and health checks of its mesh objects', () => {
    const source = files();
    const config = haproxyConfig(allLoadBalancing(source), layout);
    for (const name of ['auth', 'inventory', 'orders', 'payments'] as const) {
      const [reads, writes] = service(source, name).spec.http;
      const readsSection = section(config, `backend ${name}_reads`);
      expect(readsSection).to.include(`retries ${reads.retries.attempts}`);
      expect(readsSection).to.include(`timeout server ${serverTimeout(reads)}ms`);
      const writesSection = section(config, `backend ${name}_writes`);
      expect(writesSection).to.include(`retries ${writes.retries.attempts}`);
      expect(writesSection).to.include(`timeout server ${dur(writes.timeout)}ms`);
      const policy = rule(source, name).spec.trafficPolicy;
      expect(readsSection).to.include(`timeout connect ${dur(policy.connectionPool.tcp.connectTimeout)}ms`);
      const p = probe(source, name);
      expect(readsSection).to.include(`option httpchk GET ${p.httpGet.path}`);
      expect(readsSection).to.include(`timeout check ${p.timeoutSeconds * 1000}ms`);
      const servers = readsSection.filter((l) => l.startsWith('server '));
      expect(servers).to.have.length(2);
      for (const server of servers) {
        expect(server).to.contain(
          ` inter ${p.periodSeconds * 1000}ms fall ${p.failureThreshold} rise ${p.successThreshold ?? 1}`,
        );
        const outlier = policy.outlierDetection;
        if (outlier.splitExternalLocalOriginErrors)
          expect(server).to.contain(
            `observe layer4 error-limit ${outlier.consecutiveLocalOriginFailures} on-error mark-down`,
          );
        else expect(server).to.contain(`observe layer7 error-limit ${outlier.consecutive5xxErrors} on-error mark-down`);
      }
    }
  });

  it('routes the public entry as the gateway does: GETs to the reads backend, everything else never retried', () => {
    const source = files();
    const config = haproxyConfig(allLoadBalancing(source), layout);
    const routes = source.gateway.find((d) => d.kind === 'VirtualService')!.spec.http;
    const apiReads = routes.find((r: any) => r.name === 'api-reads');
    const apiWrites = routes.find((r: any) => r.name === 'api-writes');
    expect(section(config, 'backend aggregator_reads')).to.include(`retries ${apiReads.retries.attempts}`);
    expect(section(config, 'backend aggregator_reads')).to.include(`timeout server ${serverTimeout(apiReads)}ms`);
    expect(section(config, 'backend aggregator_writes')).to.include.members([
      'retries 0',
      'retry-on none',
      `timeout server ${dur(apiWrites.timeout)}ms`,
    ]);
    expect(section(config, 'frontend aggregator_public')).to.include('use_backend aggregator_reads if get');
    // A route that can carry a POST never retries, whatever the files say about reads.
    for (const name of CLUSTER_PROCESSES) expect(section(config, `backend ${name}_writes`)).to.include('retry-on none');
  });

  it("answers the balancer's own 502, 503 and 504 as the contract's 503 service_unavailable, with Retry-After", () => {
    const config = haproxyConfig(allLoadBalancing(files()), layout);
    for (const status of [502, 503, 504])
      expect(section(config, 'defaults')).to.include(`errorfile ${status} ${layout.unavailableFile}`);
    const [head, body] = unavailableResponse().split('\r\n\r\n');
    expect(head)
      .to.match(/^HTTP\/1.1 503 /)
      .and.to.contain('Content-Type: application/problem+json')
      .and.to.contain('Retry-After: 1');
    expect(JSON.parse(body!)).to.include({ status: 503, code: 'service_unavailable' });
  });

  it('follows a changed value in the mesh files', () => {
    const source = files();
    service(source, 'orders').spec.http[0].retries = {
      attempts: 2,
      perTryTimeout: '1234ms',
      retryOn: 'connect-failure',
    };
    rule(source, 'orders').spec.trafficPolicy.outlierDetection.consecutive5xxErrors = 7;
    const config = haproxyConfig(allLoadBalancing(source), layout);
    expect(section(config, 'backend orders_reads')).to.include.members(['timeout server 1234ms', 'retries 2']);
    expect(section(config, 'backend orders_reads').filter((l) => l.startsWith('server '))[0]).to.contain(
      'error-limit 7 ',
    );
  });

  const removals: Array<[string, (f: SourceFiles) => void, RegExp]> = [
    [
      'a connect timeout',
      (f) => delete rule(f, 'auth').spec.trafficPolicy.connectionPool.tcp.connectTimeout,
      /destination-rules.yaml: DestinationRule auth has no connectionPool.tcp.connectTimeout/,
    ],
    [
      'an idle timeout',
      (f) => delete rule(f, 'inventory').spec.trafficPolicy.connectionPool.http.idleTimeout,
      /DestinationRule inventory has no connectionPool.http.idleTimeout/,
    ],
    [
      'a pool size',
      (f) => delete rule(f, 'orders').spec.trafficPolicy.connectionPool.tcp.maxConnections,
      /DestinationRule orders has no connectionPool.tcp.maxConnections/,
    ],
    [
      'outlier detection',
      (f) => delete rule(f, 'auth').spec.trafficPolicy.outlierDetection,
      /DestinationRule auth has no outlierDetection/,
    ],
    [
      'a 5xx ejection count',
      (f) => delete rule(f, 'orders').spec.trafficPolicy.outlierDetection.consecutive5xxErrors,
      /DestinationRule orders has no consecutive5xxErrors/,
    ],
    [
      'a local-origin ejection count',
      (f) => delete rule(f, 'payments').spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures,
      /DestinationRule payments has no consecutiveLocalOriginFailures/,
    ],
    [
      'a whole DestinationRule',
      (f) => f.destinationRules.splice(f.destinationRules.indexOf(rule(f, 'payments')), 1),
      /DestinationRule payments has no spec.trafficPolicy/,
    ],
    [
      'a route timeout',
      (f) => delete service(f, 'inventory').spec.http[1].timeout,
      /routes.yaml: inventory route writes has no timeout/,
    ],
    [
      'a retry count',
      (f) => delete service(f, 'auth').spec.http[0].retries.attempts,
      /auth route reads has no retries.attempts/,
    ],
    // A route that retries (the mesh's do not: one retry layer, in the callers' client) needs both.
    [
      'a per-try timeout',
      (f) => (service(f, 'payments').spec.http[0].retries = { attempts: 2, retryOn: 'connect-failure' }),
      /payments route reads has no retries.perTryTimeout/,
    ],
    [
      'the retry conditions',
      (f) => (service(f, 'orders').spec.http[0].retries = { attempts: 2, perTryTimeout: '1s' }),
      /orders route reads has no retries.retryOn/,
    ],
    [
      'the reads route',
      (f) => (service(f, 'orders').spec.http[0].name = 'renamed'),
      /routes.yaml: its VirtualService has no orders route reads/,
    ],
    [
      'the public writes route',
      (f) => (f.gateway.find((d) => d.kind === 'VirtualService')!.spec.http[1].name = 'other'),
      /gateway.yaml: its VirtualService has no route api-writes/,
    ],
    [
      'a readiness period',
      (f) => delete probe(f, 'orders').periodSeconds,
      /manifests\/base\/services\/orders.yaml: readinessProbe has no periodSeconds/,
    ],
    [
      'a readiness failure threshold',
      (f) => delete probe(f, 'aggregator').failureThreshold,
      /aggregator.yaml: readinessProbe has no failureThreshold/,
    ],
    ['a readiness path', (f) => delete probe(f, 'auth').httpGet, /auth.yaml: readinessProbe has no httpGet.path/],
  ];
  for (const [what, remove, message] of removals) {
    it(`refuses to generate without ${what}, naming the file and the value`, () => {
      const source = files();
      remove(source);
      expect(() => allLoadBalancing(source)).to.throw(MissingMeshSetting, message);
    });
  }

  it('refuses a retry condition it has no HAProxy equivalent for, rather than dropping it', () => {
    const settings = loadBalancingOf('auth', files());
    expect(() =>
      retryOnOf({ ...settings.reads, attempts: 2, retryOn: ['gateway-error', 'retriable-headers'] }),
    ).to.throw(/retriable-headers/);
  });
});
