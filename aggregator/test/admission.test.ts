import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { signUp } from './support/marketplace.js';

/**
 * Admission control against real processes: with inventory frozen (SIGSTOP), catalog reads
 * pile up in the aggregator. Beyond the reads' concurrency and line, a request is refused at
 * once with 503 + Retry-After instead of waiting out its deadline, health checks and other
 * classes of request are not held up, and the gate frees itself when the stuck calls end.
 */
describe('admission control per route class (real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;

  before(async () => {
    system = await startSystem({
      services: ['auth', 'inventory'],
      env: { LOG_LEVEL: 'error' },
      envOf: {
        aggregator: {
          ADMISSION_READS_CONCURRENCY: '2',
          ADMISSION_READS_QUEUE: '1',
          ADMISSION_MAX_WAIT_MS: '60000',
          REQUEST_DEADLINE_MS: '1500',
        },
      },
    });
    api = httpClient(system.url);
  });
  after(async () => {
    system?.processes.inventory?.signal('SIGCONT');
    await system?.stop();
    await dropTestDatabases();
  });

  it('refuses reads beyond concurrency + line at once (503, Retry-After), keeps other classes and health going, and recovers', async () => {
    const inventory = system.processes.inventory!;
    inventory.signal('SIGSTOP');
    const settled: string[] = [];
    const gauges = async () => (await fetch(`${system.aggregator.metricsUrl}/metrics`)).text();
    const page = (name: string, maxPrice: number) =>
      api.get(`api/v1/products?maxPrice=${maxPrice}`).then((res) => {
        settled.push(name);
        return res;
      });
    try {
      // Two take the reads' slots and one waits in line (distinct URLs: no cache could answer them).
      const held = [page('first', 1001), page('second', 1002), page('queued', 1003)];
      await waitFor(
        async () =>
          (await gauges()).includes('agora_admission_in_flight{class="reads"} 2') &&
          (await gauges()).includes('agora_admission_queued{class="reads"} 1'),
        {
          what: 'two reads admitted and one in line',
        },
      );
      const refused = await page('refused', 1004);
      expect(refused.statusCode).to.equal(503);
      expect((refused.body as any).code).to.equal('service_unavailable');
      expect(refused.headers['retry-after']).to.equal('1');
      expect(settled, 'refused while the admitted ones were still waiting on inventory').to.deep.equal(['refused']);
      expect(await gauges()).to.include('agora_admission_refusals_total{class="reads"} 1');

      // Health is not gated, and neither are other classes: a sign-up goes through.
      expect((await api.get('healthz')).statusCode).to.equal(200);
      await signUp(api);
      expect(settled).to.deep.equal(['refused']);

      const answers = await Promise.all(held);
      expect(
        answers.map((a) => a.statusCode),
        'inventory never answered: each ends at its deadline',
      ).to.deep.equal([503, 503, 503]);
    } finally {
      inventory.signal('SIGCONT');
    }
    // Three at once: the two slots and the line are all free again (a fourth would be refused).
    const after = await Promise.all([1, 2, 3].map((n) => api.get(`api/v1/products?maxPrice=${2000 + n}`)));
    expect(
      after.map((a) => a.statusCode),
      'the slots were given back',
    ).to.deep.equal([200, 200, 200]);
  });
});
