import { expect } from 'chai';
import { named, ofKind, overlays, processes, render, workloads, type K8sObject } from './rendered-manifests.js';
import { isAllowed, type MeshRequest } from './authorization.js';
import { DEFAULT_RETRIES } from '@agora/http-client';
import { configLoader } from './process-config.js';

/** Attempts of one leaf call per public request, across every layer (gateway × sidecar × client). */
const RETRY_BUDGET = 2;
const durationMs = (value: string) => {
  const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
};

const principal = (account: string, namespace = 'agora') => `cluster.local/ns/${namespace}/sa/${account}`;
const ingress = principal('istio-ingressgateway-service-account', 'istio-system');

/** Can a route match this method? A route without a method match takes every method. */
function routeTakes(route: any, method: string): boolean {
  if (!route.match) return true;
  return route.match.some(
    (m: any) =>
      !m.method || m.method.exact === method || (m.method.regex && new RegExp(`^(?:${m.method.regex})$`).test(method)),
  );
}

describe('deploy: the mesh routes, secures and scopes the marketplace', () => {
  for (const overlay of overlays) {
    describe(`overlay ${overlay}`, () => {
      const objects = () => render(overlay);
      const policies = () => ofKind(objects(), 'AuthorizationPolicy');
      const request = (from: string, to: string, port: number, method?: string, path?: string): MeshRequest => {
        const workload = workloads(objects()).find((w) => w.metadata.name === to)!;
        return {
          principal: from,
          namespace: workload.metadata.namespace!,
          workloadLabels: workload.spec.template.metadata.labels,
          port,
          method,
          path,
        };
      };

      it('never lets the mesh retry a route that can carry a POST, and always says so explicitly', () => {
        for (const service of ofKind(objects(), 'VirtualService')) {
          for (const route of service.spec.http) {
            expect(route.retries, `${service.metadata.name}/${route.name} states its retries`).to.be.an('object');
            expect(route.timeout, `${service.metadata.name}/${route.name} has a timeout`).to.be.a('string');
            if (routeTakes(route, 'POST'))
              expect(route.retries.attempts, `${service.metadata.name}/${route.name}`).to.equal(0);
          }
        }
      });

      it("retries in one layer only, the callers' HTTP client: the gateway and the sidecars never retry", () => {
        const publicRoutes = named(objects(), 'VirtualService', 'agora-public').spec.http;
        for (const name of processes.filter((p) => p !== 'aggregator')) {
          const routes = named(objects(), 'VirtualService', name).spec.http;
          expect(routes[0].match).to.deep.equal([{ method: { exact: 'GET' } }]);
          for (const edge of publicRoutes) {
            for (const internal of routes) {
              const attempts = (edge.retries.attempts + 1) * (internal.retries.attempts + 1) * (DEFAULT_RETRIES + 1);
              expect(attempts, `${edge.name} → ${name}/${internal.name}`).to.be.at.most(RETRY_BUDGET);
            }
          }
        }
      });

      it('times out each hop only after the caller behind it has given up (REQUEST_DEADLINE_MS + DEADLINE_SKEW_MS)', async () => {
        const aggregator = (await configLoader('aggregator'))(
          named(objects(), 'ConfigMap', 'aggregator-config').data ?? {},
        ) as Record<string, number>;
        const givesUp = aggregator.REQUEST_DEADLINE_MS + aggregator.DEADLINE_SKEW_MS;
        expect(aggregator.INTERNAL_TIMEOUT_MS, 'one attempt fits the deadline').to.be.at.most(
          aggregator.REQUEST_DEADLINE_MS,
        );
        for (const route of named(objects(), 'VirtualService', 'agora-public').spec.http) {
          expect(durationMs(route.timeout), `gateway ${route.name}`).to.be.greaterThan(givesUp);
        }
        for (const name of processes.filter((p) => p !== 'aggregator')) {
          for (const route of named(objects(), 'VirtualService', name).spec.http) {
            expect(durationMs(route.timeout), `${name}/${route.name}`).to.be.at.least(givesUp);
          }
        }
      });

      it('sends only the public paths from the gateway, and only to the aggregator', () => {
        const gateway = named(objects(), 'Gateway', 'agora');
        expect(gateway.spec.selector).to.deep.equal({ istio: 'ingressgateway' });
        const publicRoutes = ofKind(objects(), 'VirtualService').filter((vs) => vs.spec.gateways?.includes('agora'));
        expect(publicRoutes).to.have.length(1);
        const routes = publicRoutes[0].spec.http;
        const uris = routes.flatMap((r: any) => r.match.map((m: any) => m.uri));
        expect(uris).to.deep.include.members([
          { prefix: '/api/v1/' },
          { exact: '/docs' },
          { exact: '/openapi.json' },
          { exact: '/.well-known/jwks.json' },
        ]);
        for (const uri of uris)
          expect(uri.prefix ?? uri.exact).to.match(/^\/(api\/v1\/|docs|openapi\.json|\.well-known\/jwks\.json)/);
        const hosts = routes.flatMap((r: any) => r.route.map((d: any) => d.destination.host));
        expect(new Set(hosts)).to.deep.equal(new Set(['aggregator.agora.svc.cluster.local']));
      });

      it('gives every DestinationRule mutual TLS (but Elasticsearch, outside the mesh) and a connection pool, and every process one with outlier detection', () => {
        for (const rule of ofKind(objects(), 'DestinationRule')) {
          const tls =
            rule.spec.host === 'agora-logs-es-http.agora-logging.svc.cluster.local' ? 'DISABLE' : 'ISTIO_MUTUAL';
          expect(rule.spec.trafficPolicy.tls, rule.metadata.name).to.deep.equal({ mode: tls });
          expect(rule.spec.trafficPolicy.connectionPool, rule.metadata.name).to.be.an('object');
        }
        for (const name of processes)
          expect(named(objects(), 'DestinationRule', name).spec.trafficPolicy.outlierDetection).to.be.an('object');
      });

      it("requires mutual TLS in Agora's namespaces, and writes no policy outside them", () => {
        const peer = ofKind(objects(), 'PeerAuthentication');
        expect(peer.map((p) => [p.metadata.namespace, p.metadata.name, p.spec.selector])).to.have.deep.members([
          ['agora', 'default', undefined],
          ['agora-logging', 'default', undefined],
        ]);
        for (const p of peer) expect(p.spec.mtls.mode, p.metadata.name).to.equal('STRICT');
        const istio = objects().filter((o) => o.apiVersion.includes('.istio.io/'));
        for (const o of istio)
          expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).to.be.oneOf(['agora', 'agora-logging']);
      });

      it('terminates TLS at the gateway with the agora-tls certificate, and answers plain HTTP with a redirect only', () => {
        const servers = named(objects(), 'Gateway', 'agora').spec.servers;
        const https = servers.filter((s: any) => s.port.protocol === 'HTTPS');
        expect(https.map((s: any) => s.port.number)).to.deep.equal([443]);
        expect(https[0].tls).to.include({ mode: 'SIMPLE', credentialName: 'agora-tls' });
        const plain = servers.filter((s: any) => s.port.protocol === 'HTTP');
        expect(plain.map((s: any) => [s.port.number, s.tls?.httpsRedirect])).to.deep.equal([[80, true]]);
      });

      it('denies by default: in each namespace, a policy that selects every workload and allows nothing', () => {
        const denyAll = policies().filter(
          (p) => !p.spec?.selector && !p.spec?.rules && (p.spec?.action ?? 'ALLOW') === 'ALLOW',
        );
        expect(denyAll.map((p) => p.metadata.namespace)).to.have.members(['agora', 'agora-logging']);
        expect(isAllowed(policies(), request(principal('aggregator'), 'inventory-db', 3306))).to.equal(false);
      });

      it('lets only the ingress gateway call the aggregator, on the public paths', () => {
        expect(isAllowed(policies(), request(ingress, 'aggregator', 8080, 'GET', '/api/v1/products'))).to.equal(true);
        expect(isAllowed(policies(), request(ingress, 'aggregator', 8080, 'GET', '/.well-known/jwks.json'))).to.equal(
          true,
        );
        expect(isAllowed(policies(), request(ingress, 'aggregator', 8080, 'GET', '/readyz'))).to.equal(false);
        expect(
          isAllowed(policies(), request(principal('orders'), 'aggregator', 8080, 'GET', '/api/v1/products')),
        ).to.equal(false);
        for (const name of ['auth', 'inventory', 'orders', 'payments']) {
          expect(isAllowed(policies(), request(ingress, name, 8080, 'GET', '/openapi.json')), name).to.equal(false);
        }
      });

      it('lets only the aggregator call the services at large; orders reaches payments for delivery reports only', () => {
        for (const name of ['auth', 'inventory', 'orders', 'payments']) {
          expect(
            isAllowed(policies(), request(principal('aggregator'), name, 8080, 'POST', '/internal/anything')),
            name,
          ).to.equal(true);
        }
        expect(
          isAllowed(policies(), request(principal('aggregator'), 'auth', 8080, 'GET', '/.well-known/jwks.json')),
        ).to.equal(true);
        expect(
          isAllowed(policies(), request(principal('orders'), 'payments', 8080, 'POST', '/internal/deliveries')),
        ).to.equal(true);
        expect(
          isAllowed(policies(), request(principal('orders'), 'payments', 8080, 'POST', '/internal/charges')),
        ).to.equal(false);
        expect(
          isAllowed(policies(), request(principal('orders'), 'payments', 8080, 'GET', '/internal/deliveries')),
        ).to.equal(false);
        expect(
          isAllowed(policies(), request(principal('inventory'), 'orders', 8080, 'GET', '/internal/orders/1')),
        ).to.equal(false);
        expect(
          isAllowed(policies(), request(principal('payments'), 'auth', 8080, 'GET', '/.well-known/jwks.json')),
        ).to.equal(false);
      });

      it("lets auth's erasure job POST to the aggregator's (internal port) and each service's erasure path, and nothing else", () => {
        for (const port of [8080, 8090])
          expect(
            isAllowed(policies(), request(ingress, 'aggregator', port, 'POST', '/internal/erasures/u-1')),
            `ingress → ${port}`,
          ).to.equal(false);
        expect(
          isAllowed(policies(), request(principal('auth'), 'aggregator', 8080, 'POST', '/internal/erasures/u-1')),
          'auth → public port',
        ).to.equal(false);
        const erasurePort = (name: string) => (name === 'aggregator' ? 8090 : 8080);
        for (const name of ['aggregator', 'inventory', 'orders', 'payments']) {
          const port = erasurePort(name);
          expect(
            isAllowed(policies(), request(principal('auth'), name, port, 'POST', '/internal/erasures/u-1')),
            name,
          ).to.equal(true);
          expect(
            isAllowed(policies(), request(principal('auth'), name, port, 'GET', '/internal/erasures/u-1')),
            name,
          ).to.equal(false);
          expect(
            isAllowed(policies(), request(principal('auth'), name, port, 'POST', '/internal/anything')),
            name,
          ).to.equal(false);
          expect(
            isAllowed(policies(), request(principal('orders'), name, port, 'POST', '/internal/erasures/u-1')),
            name,
          ).to.equal(false);
        }
      });

      it('lets only the aggregator reach the rate-limit Redis', () => {
        for (const caller of processes) {
          expect(
            isAllowed(policies(), request(principal(caller), 'rate-limit-redis', 6379)),
            `${caller} → rate-limit-redis`,
          ).to.equal(caller === 'aggregator');
        }
      });

      it('lets each database answer its own process only', () => {
        for (const owner of processes) {
          for (const caller of processes) {
            const allowed = isAllowed(policies(), request(principal(caller), `${owner}-db`, 3306));
            expect(allowed, `${caller} → ${owner}-db`).to.equal(caller === owner);
          }
        }
      });

      it('names only service accounts that exist (or the ingress gateway) in allow rules', () => {
        const accounts = new Set(ofKind(objects(), 'ServiceAccount').map((sa) => principal(sa.metadata.name)));
        const listed = policies().flatMap((p) =>
          (p.spec?.rules ?? []).flatMap((r: any) => r.from.flatMap((f: any) => f.source.principals)),
        );
        for (const name of listed) expect(name === ingress || accounts.has(name), name).to.equal(true);
      });

      it('leaves token checks to the aggregator alone: istiod fetches no JWKS, so nothing fails closed at start', () => {
        expect(ofKind(objects(), 'RequestAuthentication')).to.deep.equal([]);
        expect(JSON.stringify(objects())).to.not.include('jwksUri');
        const config = named(objects(), 'ConfigMap', 'aggregator-config').data!;
        expect(config).to.include({ JWT_ISSUER: 'agora-auth', JWT_AUDIENCE: 'agora' });
      });

      it('lets exactly the five processes reach Fluentd, on the Forward port only', () => {
        for (const caller of processes)
          expect(isAllowed(policies(), request(principal(caller), 'fluentd', 24224)), caller).to.equal(true);
        expect(isAllowed(policies(), request(principal('aggregator'), 'fluentd', 24220)), 'the monitor port').to.equal(
          false,
        );
        for (const other of [
          ingress,
          principal('fluentd', 'agora-logging'),
          principal('default'),
          principal('aggregator', 'elsewhere'),
        ]) {
          expect(isAllowed(policies(), request(other, 'fluentd', 24224)), other).to.equal(false);
        }
        expect(
          isAllowed(
            policies(),
            request(principal('fluentd', 'agora-logging'), 'aggregator', 8080, 'GET', '/api/v1/products'),
          ),
        ).to.equal(false);
      });

      it('lets Fluentd reach Elasticsearch and nothing else, and nothing of namespace agora reach Elasticsearch', () => {
        const sidecar = objects().find(
          (o) => o.kind === 'Sidecar' && o.metadata.namespace === 'agora-logging' && o.metadata.name === 'fluentd',
        )!;
        expect(sidecar.spec.workloadSelector.labels).to.deep.equal({ app: 'fluentd' });
        expect(sidecar.spec.outboundTrafficPolicy).to.deep.equal({ mode: 'REGISTRY_ONLY' });
        expect(sidecar.spec.egress.flatMap((e: any) => e.hosts).sort()).to.deep.equal([
          './agora-logs-es-http.agora-logging.svc.cluster.local',
          'istio-system/*',
        ]);
        // Elasticsearch has no sidecar: its NetworkPolicy is the guard.
        const policy = named(objects(), 'NetworkPolicy', 'elasticsearch');
        expect(policy.metadata.namespace).to.equal('agora-logging');
        expect(policy.spec.policyTypes).to.deep.equal(['Ingress']);
        const http = policy.spec.ingress.filter((rule: any) => rule.ports.some((p: any) => p.port === 9200));
        const apps = http
          .flatMap((rule: any) => rule.from.map((peer: any) => peer.podSelector?.matchLabels?.app))
          .filter(Boolean);
        expect(apps).to.include.members(['fluentd', 'fluentd-node']);
        for (const rule of policy.spec.ingress) {
          for (const peer of rule.from) {
            expect(
              peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'],
              "no namespace but ECK's own",
            ).to.be.oneOf([undefined, 'elastic-system']);
            expect(peer.podSelector?.matchLabels?.app, 'no process of agora').to.not.be.oneOf([...processes]);
          }
        }
      });

      it('scopes each sidecar to the services its process calls, its own database and Fluentd', () => {
        for (const name of processes) {
          const sidecar = named(objects(), 'Sidecar', name);
          expect(sidecar.spec.workloadSelector.labels).to.deep.equal({ app: name });
          expect(sidecar.spec.outboundTrafficPolicy).to.deep.equal({ mode: 'REGISTRY_ONLY' });
          const hosts: string[] = sidecar.spec.egress.flatMap((e: any) => e.hosts);
          const config = named(objects(), 'ConfigMap', `${name}-config`).data ?? {};
          const called = Object.values(config).flatMap((v) => /^(?:http|redis):\/\/([^:/]+)/.exec(v)?.[1] ?? []);
          const fluentd = config.FLUENT_HOST;
          expect(fluentd, `${name} ships its logs`).to.match(/^[a-z-]+\.agora-logging\.svc\.cluster\.local$/);
          expect(hosts.slice().sort()).to.deep.equal(
            [
              ...called.map((h) => `./${h}`),
              `./${name}-db.agora.svc.cluster.local`,
              `agora-logging/${fluentd}`,
              'istio-system/*',
            ].sort(),
          );
          const [service, namespace] = fluentd.split('.');
          const target = objects().find(
            (o) => o.kind === 'Service' && o.metadata.name === service && o.metadata.namespace === namespace,
          );
          expect(
            target?.spec.ports.map((p: any) => p.port),
            'FLUENT_PORT is a port of the Service',
          ).to.include(Number(config.FLUENT_PORT));
        }
      });

      it('logs every request through Envoy access logs', () => {
        const telemetry = ofKind(objects(), 'Telemetry') as K8sObject[];
        expect(
          telemetry.flatMap((t) => t.spec.accessLogging.flatMap((a: any) => a.providers.map((p: any) => p.name))),
        ).to.include('envoy');
      });
    });
  }
});
