import { expect } from 'chai';
import { createServiceClient, type ServiceClient } from '@agora/http-client';
import { createApp, createRouter, listen } from '@agora/koa-kit';
import { runWithContext } from '@agora/request-context';
import { httpClient } from '@agora/test-kit';
import { contextOf, quietLog, spec, startCallee, type Callee } from './fixtures/callee.js';

describe("http-client: the request's deadline travels with every call (x-agora-deadline)", () => {
  let callee: Callee;
  let client: ServiceClient;
  before(async () => {
    callee = await startCallee();
    client = createServiceClient({ service: 'inventory', baseUrl: callee.listening.url, timeoutMs: 2000 });
  });
  after(async () => {
    await callee.listening.close();
  });

  it('sends the deadline of the request context as epoch milliseconds, and no header without one', async () => {
    const deadline = Date.now() + 30_000;
    const withDeadline = await runWithContext(contextOf({ deadline }), () =>
      client.call<Record<string, any>>({ path: '/echo' }),
    );
    expect(withDeadline.headers['x-agora-deadline']).to.equal(String(deadline));
    const without = await runWithContext(contextOf(), () => client.call<Record<string, any>>({ path: '/echo' }));
    expect(without.headers['x-agora-deadline']).to.equal(null);
    expect(
      (await client.call<Record<string, any>>({ path: '/echo' })).headers['x-agora-deadline'],
      'outside any request',
    ).to.equal(null);
  });

  it("passes a service's inherited deadline on to the service it calls in turn", async () => {
    const router = createRouter();
    router.get('/front', async (ctx) => {
      ctx.body = await client.call({ path: '/echo' });
    });
    const app = createApp({
      log: quietLog(),
      spec,
      isReady: async () => true,
      routers: [router],
      trustIdentityHeaders: true,
      deadlineSkewMs: 250,
    });
    const front = await listen(app, { port: 0, host: '127.0.0.1' });
    try {
      const deadline = String(Date.now() + 30_000);
      const res = await httpClient(front.url).get<Record<string, any>>('front', {
        headers: { 'x-agora-deadline': deadline },
      });
      expect(res.statusCode).to.equal(200);
      expect(res.body.headers['x-agora-deadline']).to.equal(deadline);
    } finally {
      await front.close();
    }
  });
});
