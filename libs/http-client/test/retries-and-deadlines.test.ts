import { expect } from 'chai';
import { createServiceClient } from '@agora/http-client';
import { runWithContext } from '@agora/request-context';
import { freePort } from '@agora/test-kit';
import { contextOf, failureOf, startCallee, startHangingServer, type Callee } from './fixtures/callee.js';

describe('http-client: retries, deadlines and connections', () => {
  let callee: Callee;
  let hanging: Awaited<ReturnType<typeof startHangingServer>>;
  let client: ReturnType<typeof createServiceClient>;
  before(async () => {
    callee = await startCallee();
    hanging = await startHangingServer();
    client = createServiceClient({ service: 'inventory', baseUrl: callee.listening.url, timeoutMs: 2000 });
  });
  after(async () => {
    hanging.close();
    await callee.listening.close();
  });
  beforeEach(() => {
    callee.hits.clear();
    hanging.resetHits();
  });

  it('retries an idempotent GET or PUT on 503, but never a POST', async () => {
    const retrying = createServiceClient({
      service: 'inventory',
      baseUrl: callee.listening.url,
      timeoutMs: 2000,
      retries: 2,
    });
    for (const method of ['GET', 'PUT', 'POST'] as const) {
      const error = await failureOf(
        retrying.call({ method, path: '/outage', ...(method === 'GET' ? {} : { json: {} }) }),
      );
      expect(error.code).to.equal('service_unavailable');
    }
    expect(callee.hits.get('GET /outage')).to.equal(3);
    expect(callee.hits.get('PUT /outage')).to.equal(3);
    expect(callee.hits.get('POST /outage')).to.equal(1);
  });

  it('answers 503 service_unavailable quickly when the callee hangs past the per-call deadline', async () => {
    const slow = createServiceClient({ service: 'orders', baseUrl: hanging.url, timeoutMs: 10_000 });
    const started = Date.now();
    const error = await failureOf(slow.call({ method: 'POST', path: '/x', json: {}, timeoutMs: 150 }));
    const elapsed = Date.now() - started;
    expect(error).to.include({ code: 'service_unavailable', status: 503, neverReached: false });
    expect(elapsed).to.be.within(140, 1000);
    expect(hanging.hits()).to.equal(1);
  });

  it('retries a GET that timed out once, each attempt within the per-call deadline', async () => {
    const slow = createServiceClient({ service: 'orders', baseUrl: hanging.url, timeoutMs: 10_000 });
    const started = Date.now();
    const error = await failureOf(slow.call({ path: '/x', timeoutMs: 150 }));
    expect(error.code).to.equal('service_unavailable');
    expect(Date.now() - started).to.be.within(290, 1500);
    expect(hanging.hits()).to.equal(2);
  });

  it('caps the whole call, retries included, at the request-context deadline', async () => {
    const slow = createServiceClient({ service: 'orders', baseUrl: hanging.url, timeoutMs: 10_000, retries: 5 });
    const started = Date.now();
    const error = await failureOf(
      runWithContext(contextOf({ deadline: Date.now() + 200 }), () => slow.call({ path: '/x' })),
    );
    const elapsed = Date.now() - started;
    expect(error.code).to.equal('service_unavailable');
    expect(elapsed).to.be.within(190, 800);
  });

  it("cuts a retry's attempt short at the request-context deadline", async () => {
    const slow = createServiceClient({ service: 'orders', baseUrl: hanging.url, timeoutMs: 300 });
    const started = Date.now();
    const error = await failureOf(
      runWithContext(contextOf({ deadline: Date.now() + 450 }), () => slow.call({ path: '/x' })),
    );
    const elapsed = Date.now() - started;
    expect(error).to.include({ code: 'service_unavailable', neverReached: false });
    expect(hanging.hits()).to.equal(2);
    // A second attempt of the full 300 ms would end at ~650 ms.
    expect(elapsed).to.be.within(440, 600);
  });

  it('does not retry when the request-context deadline leaves no time for the backoff', async () => {
    const slow = createServiceClient({ service: 'orders', baseUrl: hanging.url, timeoutMs: 300, retries: 3 });
    const started = Date.now();
    const error = await failureOf(
      runWithContext(contextOf({ deadline: Date.now() + 320 }), () => slow.call({ path: '/x' })),
    );
    expect(error.code).to.equal('service_unavailable');
    expect(Date.now() - started).to.be.within(290, 420);
    expect(hanging.hits()).to.equal(1);
  });

  it('fails at once with 503 when the request deadline has already passed', async () => {
    const started = Date.now();
    const error = await failureOf(
      runWithContext(contextOf({ deadline: Date.now() - 1 }), () => client.call({ path: '/echo' })),
    );
    expect(error).to.include({ code: 'service_unavailable', neverReached: false });
    expect(Date.now() - started).to.be.below(500);
    expect(callee.hits.size, 'nothing sent').to.equal(0);
  });

  it('answers 503 service_unavailable when the connection is refused', async () => {
    const nobody = createServiceClient({
      service: 'payments',
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      timeoutMs: 2000,
    });
    const started = Date.now();
    const error = await failureOf(nobody.call({ path: '/internal/payments' }));
    expect(error).to.include({ code: 'service_unavailable', status: 503, neverReached: true });
    expect(error.message).to.include('payments');
    expect(Date.now() - started).to.be.below(1000);
  });

  it('counts a service as down for a while after it refused a connection, and as up again once it answers', async () => {
    const port = await freePort();
    const flaky = createServiceClient({
      service: 'payments',
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 2000,
      downForMs: 60_000,
    });
    expect(flaky.isDown()).to.equal(false);
    await failureOf(flaky.call({ path: '/echo' }));
    expect(flaky.isDown()).to.equal(true);
    const back = await startCallee(port);
    try {
      await flaky.call({ path: '/echo' });
      expect(flaky.isDown()).to.equal(false);
    } finally {
      await back.listening.close();
    }
  });

  it('does not count a service as down when it answered, even with a 503 or late', async () => {
    const answering = createServiceClient({
      service: 'inventory',
      baseUrl: callee.listening.url,
      timeoutMs: 2000,
      downForMs: 60_000,
    });
    await failureOf(answering.call({ path: '/outage' }));
    const slow = createServiceClient({ service: 'orders', baseUrl: hanging.url, timeoutMs: 10_000, downForMs: 60_000 });
    await failureOf(slow.call({ method: 'POST', path: '/x', json: {}, timeoutMs: 100 }));
    expect([answering.isDown(), slow.isDown()]).to.deep.equal([false, false]);
  });

  it('reuses one keep-alive connection for consecutive calls', async () => {
    const fresh = createServiceClient({ service: 'inventory', baseUrl: callee.listening.url, timeoutMs: 2000 });
    let connections = 0;
    const count = () => connections++;
    callee.listening.server.on('connection', count);
    try {
      for (let i = 0; i < 5; i++) await fresh.call({ path: '/echo' });
      expect(connections).to.equal(1);
    } finally {
      callee.listening.server.off('connection', count);
    }
  });
});
