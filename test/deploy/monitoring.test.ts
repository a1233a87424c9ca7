import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, copyFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { LATENCY_BUCKETS, observeDatabase, observeOutboxes, processMetrics } from '@agora/koa-kit';
import { observeUnfinishedSagas, sagaOutcomes } from '../../aggregator/src/data-access/saga-metrics.js';
import { rateLimitRefusals } from '../../aggregator/src/api/rate-limit-refusals.js';
import {
  named,
  ofKind,
  overlays,
  processes,
  render,
  repoRoot,
  workloads,
  type K8sObject,
} from './rendered-manifests.js';
import { validateObject } from './object-schemas.js';
import { isAllowed } from './authorization.js';

const run = promisify(execFile);
const MONITORING = path.join(repoRoot, 'manifests/monitoring');
const read = (file: string) => readFileSync(path.join(MONITORING, file), 'utf8');
const rules = () => parse(read('prometheus-rules.yaml'));
/** kube-state-metrics series the rules and dashboard read (kube-prometheus-stack ships it). */
const KUBE_STATE_METRICS = new Set(['kube_cronjob_status_last_successful_time']);

/** Every metric family an Agora process can expose, from the real registry code. */
async function exposedFamilies(): Promise<Set<string>> {
  const metrics = processMetrics();
  observeDatabase(metrics, { isUp: async () => true, pool: () => ({ max: 1, size: 1, inUse: 0, waiting: 0 }) });
  observeOutboxes(metrics, { delivery_reports: async () => ({ pending: 0, oldestDueAt: null }) });
  sagaOutcomes(metrics);
  observeUnfinishedSagas(metrics, async () => []);
  rateLimitRefusals(metrics);
  return new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
}

function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:agora|nodejs|process|kube)_[a-z0-9_]+|agora:[a-z0-9_:]+)\b/g)].map((m) => m[1]);
}

describe('deploy: metrics are scraped through Istio, alerted on, graphed and explained', () => {
  for (const overlay of overlays) {
    describe(`overlay ${overlay}`, () => {
      const objects = () => render(overlay);

      it('annotates every process pod for Istio metrics merging, on the port its METRICS_PORT serves, in no Service', () => {
        for (const name of processes) {
          const pod = named(objects(), 'Deployment', name).spec.template;
          const port = pod.spec.containers[0].ports.find((p: any) => p.name === 'http-metrics');
          expect(port, name).to.be.an('object');
          expect(pod.metadata.annotations).to.include({
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(port.containerPort),
            'prometheus.io/path': '/metrics',
          });
          expect(named(objects(), 'ConfigMap', `${name}-config`).data!.METRICS_PORT).to.equal(
            String(port.containerPort),
          );
          for (const service of ofKind(objects(), 'Service')) {
            const targets = service.spec.ports.flatMap((p: any) => [p.port, p.targetPort]);
            expect(targets, `${service.metadata.name} exposes the metrics port`)
              .to.not.include('http-metrics')
              .and.not.include(port.containerPort);
          }
        }
      });

      it('lets no caller in the mesh reach a metrics port (only the pod-local Istio agent reads it)', () => {
        const policies = ofKind(objects(), 'AuthorizationPolicy');
        const callers = [
          'istio-system/sa/istio-ingressgateway-service-account',
          ...processes.map((p) => `agora/sa/${p}`),
        ].map((c) => `cluster.local/ns/${c}`);
        for (const target of workloads(objects()).filter((w) => w.kind === 'Deployment')) {
          for (const principal of callers) {
            const request = {
              principal,
              namespace: target.metadata.namespace ?? 'agora',
              workloadLabels: target.spec.template.metadata.labels,
              port: 9464,
              method: 'GET',
              path: '/metrics',
            };
            expect(isAllowed(policies, request), `${principal} → ${target.metadata.name}:9464`).to.equal(false);
          }
        }
      });

      it('scrapes every annotated pod of the namespace through the merged port, labelled by app', () => {
        const monitor = named(objects(), 'PodMonitor', 'agora');
        expect(monitor.metadata.namespace).to.equal('agora');
        const [endpoint] = monitor.spec.podMetricsEndpoints;
        expect(endpoint.port).to.equal('http-envoy-prom');
        const relabel = (target: string) => endpoint.relabelings.filter((r: any) => r.targetLabel === target);
        expect(endpoint.relabelings[0]).to.deep.include({
          action: 'keep',
          sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
          regex: 'true',
        });
        expect(relabel('__metrics_path__')[0].sourceLabels).to.deep.equal([
          '__meta_kubernetes_pod_annotation_prometheus_io_path',
        ]);
        expect(relabel('__address__').map((r: any) => r.sourceLabels[0])).to.deep.equal([
          '__meta_kubernetes_pod_annotation_prometheus_io_port',
          '__meta_kubernetes_pod_annotation_prometheus_io_port',
        ]);
        expect(relabel('app')[0].sourceLabels).to.deep.equal(['__meta_kubernetes_pod_label_app']);
        // The IPv4 rewrite turns the annotated port and the pod's address into the target.
        const ipv4 = relabel('__address__')[0];
        const rewritten = '9464;10.1.2.3'.replace(
          new RegExp(`^(?:${ipv4.regex})$`),
          ipv4.replacement.replace(/\$(\d)/g, '$$$1'),
        );
        expect(rewritten).to.equal('10.1.2.3:9464');
        const ipv6 = relabel('__address__')[1];
        expect(
          '9464;fd00::1:2'.replace(new RegExp(`^(?:${ipv6.regex})$`), ipv6.replacement.replace(/\$(\d)/g, '$$$1')),
        ).to.equal('[fd00::1:2]:9464');
      });

      it('ships the rules and the dashboard it was given, verbatim', () => {
        expect(named(objects(), 'PrometheusRule', 'agora').spec).to.deep.equal(rules().spec);
        const dashboard = named(objects(), 'ConfigMap', 'agora-grafana-dashboard');
        expect(dashboard.metadata.labels).to.include({ grafana_dashboard: '1' });
        expect(dashboard.data!['agora.json']).to.equal(read('dashboards/agora.json'));
      });
    });
  }

  it('keeps the mesh-wide monitors (ingress gateway, istiod) out of the overlays, valid for their schemas', async () => {
    const { stdout } = await run('kubectl', ['kustomize', path.join(MONITORING, 'istio-system')]);
    const objects = parseAllDocuments(stdout).map((d) => d.toJS() as K8sObject);
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).to.deep.equal([
      'PodMonitor/istio-system/istio-ingressgateway',
      'ServiceMonitor/istio-system/istiod',
    ]);
    for (const object of objects) await validateObject(object);
  });

  describe('rules (promtool, from the Debian package prometheus)', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'agora-rules-'));
      writeFileSync(path.join(dir, 'rules.yaml'), stringify(rules().spec));
      copyFileSync(path.join(MONITORING, 'prometheus-rules.test.yaml'), path.join(dir, 'prometheus-rules.test.yaml'));
    });

    it('passes promtool check rules', async () => {
      const { stdout } = await run('promtool', ['check', 'rules', path.join(dir, 'rules.yaml')]);
      expect(stdout).to.match(/SUCCESS: \d+ rules found/);
    });

    it('passes the unit tests of every alert (promtool test rules)', async () => {
      const { stdout } = await run('promtool', ['test', 'rules', path.join(dir, 'prometheus-rules.test.yaml')]).catch(
        (err) => {
          throw new Error(`promtool test rules failed:\n${err.stdout}${err.stderr}`);
        },
      );
      expect(stdout).to.include('SUCCESS');
      const tested = new Set([...read('prometheus-rules.test.yaml').matchAll(/alertname: (\w+)/g)].map((m) => m[1]));
      const alerts = rules().spec.groups.flatMap((g: any) =>
        g.rules.filter((r: any) => r.alert).map((r: any) => r.alert),
      );
      expect(
        alerts.filter((a: string) => !tested.has(a)),
        'alerts without a unit test',
      ).to.deep.equal([]);
    });

    it('gives every alert a severity and a runbook in docs/runbooks that names it', () => {
      for (const rule of rules().spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert))) {
        expect(rule.labels.severity, rule.alert).to.be.oneOf(['page', 'ticket']);
        const runbook = path.join(repoRoot, rule.annotations.runbook);
        expect(rule.annotations.runbook, rule.alert).to.match(/^docs\/runbooks\/[a-z-]+\.md$/);
        expect(existsSync(runbook), rule.annotations.runbook).to.equal(true);
        expect(readFileSync(runbook, 'utf8'), `${rule.annotations.runbook} names ${rule.alert}`).to.include(rule.alert);
      }
    });

    it('reads only series the processes expose (or kube-state-metrics), with latency thresholds on bucket bounds', async () => {
      const families = await exposedFamilies();
      const recorded = new Set(
        rules().spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.record).map((r: any) => r.record)),
      );
      const dashboard = JSON.parse(read('dashboards/agora.json'));
      const expressions = [
        ...rules().spec.groups.flatMap((g: any) => g.rules.map((r: any) => String(r.expr))),
        ...dashboard.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr)),
      ];
      for (const name of expressions.flatMap(metricNames)) {
        const family = name.replace(/_(bucket|count|sum)$/, '');
        const known = recorded.has(name) || families.has(name) || families.has(family) || KUBE_STATE_METRICS.has(name);
        expect(known, `${name} is neither exposed nor recorded`).to.equal(true);
      }
      for (const expr of expressions) {
        for (const [, le] of expr.matchAll(/le="([^"]+)"/g))
          expect(LATENCY_BUCKETS.map(String), `le="${le}"`).to.include(le);
      }
    });
  });

  it('has a dashboard with unique panel ids, every query on the chosen Prometheus', () => {
    const dashboard = JSON.parse(read('dashboards/agora.json'));
    const ids = dashboard.panels.map((p: any) => p.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(dashboard.templating.list.find((v: any) => v.name === 'datasource').query).to.equal('prometheus');
    for (const panel of dashboard.panels.filter((p: any) => p.type !== 'row')) {
      expect(panel.datasource.uid, panel.title).to.equal('${datasource}');
      expect(panel.targets.length, panel.title).to.be.greaterThan(0);
    }
  });

  it('configures Kiali instead of the sample addon: token login, view only, our namespaces, our Prometheus', () => {
    const kiali = parse(read('kiali-values.yaml'));
    const stack = parse(read('kube-prometheus-stack-values.yaml'));
    expect(kiali.auth.strategy).to.equal('token');
    expect(kiali.deployment).to.include({ cluster_wide_access: false, view_only_mode: true });
    expect(kiali.deployment.discovery_selectors.default[0].matchExpressions[0].values).to.deep.equal([
      'agora',
      'istio-system',
    ]);
    expect(kiali.external_services.prometheus.url).to.equal(
      `http://${stack.fullnameOverride}-prometheus.monitoring.svc.cluster.local:9090`,
    );
    expect(kiali.external_services.grafana.internal_url).to.equal(
      `http://${stack.fullnameOverride}-grafana.monitoring.svc.cluster.local`,
    );
    expect(stack.prometheus.prometheusSpec).to.include({
      podMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
    });
    expect(stack.grafana.sidecar.dashboards).to.include({
      label: 'grafana_dashboard',
      labelValue: '1',
      searchNamespace: 'ALL',
    });
  });
});
