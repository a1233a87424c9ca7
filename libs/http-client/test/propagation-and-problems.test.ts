import { expect } from 'chai';
import { createServiceClient, type ServiceClient } from '@agora/http-client';
import { createApp, createRouter, listen } from '@agora/koa-kit';
import { runWithContext } from '@agora/request-context';
import { httpClient } from '@agora/test-kit';
import { TRACEPARENT, contextOf, failureOf, quietLog, spec, startCallee, type Callee } from './fixtures/callee.js';

describe('http-client: what reaches the callee and what comes back', () => {
  let callee: Callee;
  let client: ServiceClient;
  before(async () => {
    callee = await startCallee();
    client = createServiceClient({ service: 'inventory', baseUrl: callee.listening.url, timeoutMs: 2000 });
  });
  after(async () => {
    await callee.listening.close();
  });
  beforeEach(() => callee.hits.clear());

  it('passes x-request-id and trace headers of the request context to the callee', async () => {
    const body = await runWithContext(contextOf(), () => client.call<Record<string, any>>({ path: '/echo' }));
    expect(body.headers).to.include({
      'x-request-id': 'req-abc',
      traceparent: TRACEPARENT,
      b3: '4bf92f3577b34da6-00f067aa0ba902b7-1',
    });
    expect(body.requestId).to.equal('req-abc');
  });

  it('carries the ids of an incoming request through a kit app to the callee', async () => {
    const router = createRouter();
    router.get('/front', async (ctx) => {
      ctx.body = await client.call({ path: '/echo' });
    });
    const front = await listen(
      createApp({
        log: quietLog(),
        spec,
        isReady: async () => true,
        routers: [router],
        trustIdentityHeaders: true,
        deadlineSkewMs: 250,
      }),
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const res = await httpClient(front.url).get<Record<string, any>>('front', {
        headers: { 'x-request-id': 'edge-1', traceparent: TRACEPARENT, 'x-b3-traceid': '463ac35c9f6413ad' },
      });
      expect(res.statusCode).to.equal(200);
      expect(res.body.headers).to.include({
        'x-request-id': 'edge-1',
        traceparent: TRACEPARENT,
        'x-b3-traceid': '463ac35c9f6413ad',
      });
    } finally {
      await front.close();
    }
  });

  it('sends its own headers, query and JSON body, dropping undefined values', async () => {
    const identified = createServiceClient({
      service: 'orders',
      baseUrl: callee.listening.url,
      timeoutMs: 2000,
      headers: { 'x-agora-user-id': 'u1' },
    });
    const got = await identified.call<Record<string, any>>({
      path: '/echo',
      searchParams: { ids: 'a,b', cursor: undefined },
      headers: { 'x-agora-user-role': 'seller', b3: undefined },
    });
    expect(got.headers).to.include({ 'x-agora-user-id': 'u1', 'x-agora-user-role': 'seller', b3: null });
    expect(got.query).to.deep.equal({ ids: 'a,b' });
    const posted = await identified.call<Record<string, any>>({
      method: 'POST',
      path: '/echo',
      json: { amount: 1999 },
    });
    expect(posted.json).to.deep.equal({ amount: 1999 });
  });

  it('rethrows a 4xx problem as the same code, status, detail and field errors', async () => {
    const invalid = await failureOf(client.call({ method: 'POST', path: '/products', json: {} }));
    expect(invalid).to.include({ code: 'validation_failed', status: 400, message: 'The request is not valid' });
    expect(invalid.errors).to.deep.equal([{ path: '/body/price', message: 'must be integer' }]);
    const missing = await failureOf(client.call({ path: '/products/p404' }));
    expect(missing).to.include({ code: 'not_found', status: 404, message: 'Product p404 not found' });
    const short = await failureOf(client.call({ method: 'PUT', path: '/reservations/o1', json: { items: [] } }));
    expect(short).to.include({ code: 'insufficient_stock', status: 409 });
    expect(short.errors).to.deep.equal([{ path: '/items/0', message: 'p1' }]);
  });

  it('hands a 4xx back without throwing through send()', async () => {
    const res = await client.send<Record<string, any>>({ path: '/products/p404' });
    expect(res.status).to.equal(404);
    expect(res.body.code).to.equal('not_found');
  });

  it('passes 402 payment_declined and 502 payment_failed through unchanged, without retrying', async () => {
    const payments = createServiceClient({
      service: 'payments',
      baseUrl: callee.listening.url,
      timeoutMs: 2000,
      retries: 3,
    });
    const declined = await failureOf(
      payments.call({ method: 'POST', path: '/charges', json: { paymentMethod: 'pm_card_declined' } }),
    );
    expect(declined).to.include({ code: 'payment_declined', status: 402 });
    const failed = await failureOf(
      payments.call({ method: 'POST', path: '/charges', json: { paymentMethod: 'pm_card_error' } }),
    );
    expect(failed).to.include({ code: 'payment_failed', status: 502, message: 'The card processor failed' });
    expect(callee.hits.get('POST /charges')).to.equal(2);
  });

  it('turns a callee 500 internal into 503 service_unavailable naming the service', async () => {
    const error = await failureOf(client.call({ path: '/crash' }));
    expect(error).to.include({ code: 'service_unavailable', status: 503 });
    expect(error.message).to.include('inventory');
  });
});
