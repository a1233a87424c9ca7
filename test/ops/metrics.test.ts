import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import {
  dropTestDatabases,
  freePort,
  httpClient,
  startSystem,
  usingMysql,
  waitFor,
  type ProcessName,
  type SystemHandle,
  type TestHttp,
} from '@agora/test-kit';
import { checkout, createProduct, putInCart, signUp } from '../../aggregator/test/support/marketplace.js';

const PROCESSES: ProcessName[] = ['aggregator', 'auth', 'inventory', 'orders', 'payments'];
const READ_LIMIT = 40;

/** One sample of a Prometheus text exposition: the value of `name{labels}` whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('ops: every process exposes its metrics on its metrics port, after real requests', function () {
  this.timeout(180_000);
  let system: SystemHandle;
  let api: TestHttp;
  const scrape = async (name: ProcessName) => {
    const res = await fetch(`${system.processes[name]!.metricsUrl}/metrics`);
    expect(res.status, `${name} /metrics`).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  before(async () => {
    system = await startSystem({
      env: { LOG_LEVEL: 'warn' },
      envOf: { aggregator: { RATE_LIMIT_READS: String(READ_LIMIT), RATE_LIMIT_WINDOW_SECONDS: '3600' } },
    });
    api = httpClient(system.url);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  it('counts requests by route template and status class, saga outcomes and rate-limit refusals; no raw URL in a label', async () => {
    const seller = await signUp(api, 'seller', 'Metrics Seller');
    const product = await createProduct(api, seller, { price: 1500, stock: 4 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 1);
    const placed = await checkout(api, buyer, randomUUID());
    expect(placed.statusCode, JSON.stringify(placed.body)).to.equal(201);
    const unknownProduct = randomUUID();
    expect((await api.get(`api/v1/products/${unknownProduct}`)).statusCode).to.equal(404);
    const scanned = `no-such-page-${randomUUID()}`;
    expect((await httpClient(system.url, {}, { contract: false }).get(scanned)).statusCode).to.equal(404);

    // Reads from one client (behind the one trusted proxy) until its per-IP read limit refuses some.
    const client = { 'x-forwarded-for': '198.51.100.23' };
    const statuses: number[] = [];
    for (let i = 0; i < READ_LIMIT + 5; i += 1)
      statuses.push((await api.get('api/v1/products', { headers: client })).statusCode);
    const listed = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 429).length;
    expect(refused).to.be.greaterThan(0);
    expect(listed + refused).to.equal(statuses.length);

    const aggregator = await scrape('aggregator');
    const requests = (route: string, method: string, status_class: string) =>
      sample(aggregator, 'agora_http_request_duration_seconds_count', { route, method, status_class });
    expect(requests('/api/v1/products', 'GET', '2xx')).to.equal(listed);
    expect(requests('/api/v1/checkout', 'POST', '2xx')).to.equal(1);
    expect(requests('/api/v1/products/:id', 'GET', '4xx')).to.equal(1);
    // 404s of unknown paths and refusals before routing share one series.
    expect(requests('unmatched', 'GET', '4xx')).to.equal(1 + refused);
    expect(
      sample(aggregator, 'agora_http_request_duration_seconds_bucket', { route: '/api/v1/checkout', le: '2' }),
    ).to.equal(1);
    expect(aggregator).to.not.include(unknownProduct);
    expect(aggregator).to.not.include(scanned);
    expect(sample(aggregator, 'agora_rate_limit_refusals_total', { policy: 'reads-ip' })).to.equal(refused);
    expect(sample(aggregator, 'agora_saga_outcomes_total', { kind: 'checkout', outcome: 'completed' })).to.equal(1);
    expect(sample(aggregator, 'agora_sagas_unfinished', { kind: 'checkout', state: 'running' })).to.equal(0);
    expect(sample(aggregator, 'agora_saga_oldest_unfinished_age_seconds', { kind: 'checkout' })).to.equal(0);

    // The services saw the saga's calls under their own templates.
    const payments = await scrape('payments');
    expect(
      sample(payments, 'agora_http_request_duration_seconds_count', {
        route: '/internal/charges',
        method: 'POST',
        status_class: '2xx',
      }),
    ).to.equal(1);
    const orders = await scrape('orders');
    expect(sample(orders, 'agora_outbox_pending', { outbox: 'delivery_reports' })).to.equal(0);
    expect(sample(orders, 'agora_outbox_oldest_pending_age_seconds', { outbox: 'delivery_reports' })).to.equal(0);
    const auth = await scrape('auth');
    expect(sample(auth, 'agora_outbox_pending', { outbox: 'erasure_deliveries' })).to.equal(0);
  });

  it("reports each process's database and runtime, and its pool on MariaDB", async () => {
    for (const name of PROCESSES) {
      const text = await scrape(name);
      expect(sample(text, 'agora_db_up'), name).to.equal(1);
      expect(sample(text, 'nodejs_heap_size_used_bytes'), name).to.be.greaterThan(0);
      expect(sample(text, 'process_cpu_seconds_total'), name).to.be.greaterThan(0);
      if (usingMysql) {
        expect(sample(text, 'agora_db_pool_max_connections'), name).to.equal(10);
        expect(sample(text, 'agora_db_pool_connections'), name).to.be.at.least(1);
      } else {
        expect(sample(text, 'agora_db_pool_max_connections'), name).to.equal(undefined);
      }
    }
  });

  it('serves /metrics on the metrics port only: never on the public or internal port', async () => {
    const plain = (url: string) => httpClient(url, {}, { contract: false });
    expect((await plain(system.url).get('metrics')).statusCode).to.equal(404);
    expect((await plain(system.internalUrl).get('metrics')).statusCode).to.equal(404);
    for (const name of PROCESSES.filter((p) => p !== 'aggregator'))
      expect((await plain(system.processes[name]!.url).get('metrics')).statusCode, name).to.equal(404);
    const metricsPort = plain(system.aggregator.metricsUrl);
    expect((await metricsPort.get('api/v1/products')).statusCode).to.equal(404);
    expect((await metricsPort.post('metrics')).statusCode).to.equal(405);
  });

  describe('scraped by a real Prometheus with the alerting rules loaded', () => {
    let prometheus: ChildProcess | undefined;
    let url: string;
    const query = async (promql: string) => {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as {
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      return body.data.result;
    };

    before(async function () {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'agora-prometheus-'));
      // The repository's rules, evaluated every second here (the interval is for the cluster).
      const spec = parse(
        readFileSync(path.join(process.cwd(), 'manifests/monitoring/prometheus-rules.yaml'), 'utf8'),
      ).spec;
      for (const group of spec.groups) delete group.interval;
      writeFileSync(path.join(dir, 'rules.yaml'), stringify(spec));
      // What the PodMonitor makes of each pod: its metrics, labelled by app.
      const targets = PROCESSES.map((name) => ({
        targets: [new URL(system.processes[name]!.metricsUrl).host],
        labels: { app: name },
      }));
      writeFileSync(
        path.join(dir, 'prometheus.yml'),
        stringify({
          global: { scrape_interval: '1s', evaluation_interval: '1s' },
          rule_files: ['rules.yaml'],
          scrape_configs: [{ job_name: 'agora', static_configs: targets }],
        }),
      );
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${path.join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        {
          stdio: 'ignore',
        },
      );
      await waitFor(async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.status === 200, {
        timeoutMs: 30_000,
        what: 'prometheus to be ready',
      });
    });
    after(async () => {
      if (prometheus && prometheus.exitCode === null) {
        const exited = once(prometheus, 'exit');
        prometheus.kill('SIGTERM');
        await exited;
      }
    });

    it('scrapes every process and evaluates the SLO rules on their real series', async () => {
      await waitFor(async () => (await query('up{job="agora"} == 1')).length === PROCESSES.length, {
        timeoutMs: 30_000,
        what: 'every process scraped',
      });
      expect((await query('min by (app) (agora_db_up)')).map((r) => [r.metric.app, r.value[1]]).sort()).to.deep.equal(
        PROCESSES.map((p) => [p, '1']).sort(),
      );
      // Catalog reads while Prometheus watches: the latency SLO's ratio gets a value (all fast: 0).
      let reader = 0;
      await waitFor(
        async () => {
          // A client address of its own each round, under the read limit.
          const headers = { 'x-forwarded-for': `203.0.113.${(reader += 1)}` };
          for (let i = 0; i < 5; i += 1)
            expect((await api.get('api/v1/products', { headers })).statusCode).to.equal(200);
          return (await query('agora:slo_error_ratio:rate5m{slo="catalog-latency"}')).length === 1;
        },
        { timeoutMs: 30_000, what: 'the catalog latency SLO recorded' },
      );
      const [ratio] = await query('agora:slo_error_ratio:rate5m{slo="catalog-latency"}');
      expect(Number(ratio.value[1])).to.be.at.least(0).and.at.most(1);
      // The aggregator's series are there, so the alert that says "no metrics" stays silent.
      expect(await query('ALERTS{alertname="AgoraMetricsMissing"}')).to.deep.equal([]);
    });
  });
});
