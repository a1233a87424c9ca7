import { expect } from 'chai';
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

  it('doubles the delay after each failed attempt, up to the ceiling', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempts) => backoffDelay(attempts, 100, 1_000))).to.deep.equal([100, 200, 400, 800, 1_000, 1_000]);
  });
});
