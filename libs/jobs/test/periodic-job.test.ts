import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createServiceClient } from '@agora/http-client';
import { createLogger } from '@agora/logger';
import { LogCollector, waitFor } from '@agora/test-kit';
import { backoffDelay, startPeriodicJob } from '@agora/jobs';

describe('jobs: periodic background passes', () => {
  it('never overlaps passes, keeps running after a failed pass, and waits for the pass in flight on stop', async () => {
    const logs = new LogCollector();
    const log = createLogger({ service: 'jobs-test', stdout: logs });
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    let finished = 0;
    const job = startPeriodicJob(
      'sample_job',
      async () => {
        passes++;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setImmediate(resolve));
        active--;
        finished++;
        if (passes === 1) throw new Error('first pass fails');
      },
      { intervalMs: 1, log, runAtStart: true },
    );
    await waitFor(() => passes >= 5, { what: 'five passes' });
    await job.stop();
    expect(maxActive).to.equal(1);
    expect(finished).to.equal(passes);
    expect(logs.records().filter((r) => r.event === 'sample_job_failed')).to.have.length(1);
  });

  it('runs each pass as a request of its own: one request id on every call and log line of a pass, a new one per pass', async () => {
    const seen: Array<string | undefined> = [];
    const callee = http.createServer((req, res) => {
      seen.push(req.headers['x-request-id'] as string | undefined);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((resolve) => callee.listen(0, '127.0.0.1', resolve));
    const client = createServiceClient({
      service: 'callee',
      baseUrl: `http://127.0.0.1:${(callee.address() as AddressInfo).port}`,
      timeoutMs: 2_000,
    });
    const logs = new LogCollector();
    const log = createLogger({ service: 'jobs-test', stdout: logs });
    const ticks: string[] = [];
    const job = startPeriodicJob(
      'outbox_sender',
      async (tick) => {
        ticks.push(tick.requestId);
        await client.call({ path: '/first' });
        await client.call({ path: '/second' });
        tick.log.info({ event: 'outbox_sent' }, 'sent');
        if (ticks.length === 3) throw new Error('third pass fails');
      },
      { intervalMs: 5, log, runAtStart: true },
    );
    try {
      await waitFor(() => ticks.length >= 3 && logs.records().some((r) => r.event === 'outbox_sender_failed'), {
        what: 'three passes',
      });
    } finally {
      await job.stop();
      callee.close();
    }
    expect(new Set(ticks).size, 'a new id per pass').to.equal(ticks.length);
    for (const [pass, id] of ticks.entries()) {
      expect(seen.slice(pass * 2, pass * 2 + 2), `the calls of pass ${pass}`).to.deep.equal([id, id]);
      expect(logs.records().filter((r) => r.event === 'outbox_sent')[pass]).to.include({
        req_id: id,
        job: 'outbox_sender',
      });
    }
    expect(logs.records().find((r) => r.event === 'outbox_sender_failed')).to.include({ req_id: ticks[2] });
  });

  it('doubles the delay after each failed attempt, up to the ceiling', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempts) => backoffDelay(attempts, 100, 1_000))).to.deep.equal([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });
});
