import http from 'node:http';
import { expect } from 'chai';
import { AppError, Conflict, NotFound, ServiceUnavailable, ValidationFailed } from '@agora/errors';
import { createServiceClient, type ServiceClient } from '@agora/http-client';
import { OpenApiSpec, createApp, createRouter, listen, type Listening } from '@agora/koa-kit';
import { createLogger } from '@agora/logger';
import { currentContext, runWithContext, type RequestContext } from '@agora/request-context';
import { LogCollector, freePort, httpClient } from '@agora/test-kit';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const SEEN_HEADERS = ['x-request-id', 'traceparent', 'b3', 'x-b3-traceid', 'x-agora-user-id', 'x-agora-user-role'];
const spec = new OpenApiSpec({ openapi: '3.1.0', info: { title: 'callee', version: '1' }, paths: {} });
const quietLog = () => createLogger({ service: 'test', stdout: new LogCollector(), level: 'fatal' });

/** The service being called: a real kit app whose routes answer the way our services do. */
function calleeRoutes(hits: Map<string, number>) {
  const router = createRouter();
  router.use(async (ctx, next) => {
    const key = `${ctx.method} ${ctx.path}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    await next();
  });
  router.get('/echo', (ctx) => {
    ctx.body = { headers: Object.fromEntries(SEEN_HEADERS.map((h) => [h, ctx.get(h) || null])), query: ctx.query, requestId: currentContext()?.requestId };
  });
  router.post('/echo', (ctx) => {
    ctx.status = 201;
    ctx.body = { json: (ctx.request as { body?: unknown }).body };
  });
  router.all('/outage', () => {
    throw new ServiceUnavailable('database');
  });
  router.get('/crash', () => {
    throw new Error('boom');
  });
  router.post('/products', () => {
    throw new ValidationFailed('The request is not valid', [{ path: '/body/price', message: 'must be integer' }]);
  });
  router.get('/products/:id', (ctx) => {
    throw new NotFound(`Product ${ctx.params.id}`);
  });
  router.put('/reservations/:orderId', () => {
    throw Object.assign(new Conflict('Not enough stock', 'insufficient_stock'), { errors: [{ path: '/items/0', message: 'p1' }] });
  });
  router.post('/charges', (ctx) => {
    const method = (ctx.request as { body?: { paymentMethod?: string } }).body?.paymentMethod;
    if (method === 'pm_card_error') throw new AppError('payment_failed', 'The card processor failed');
    throw new AppError('payment_declined', 'The card was declined');
  });
  return router;
}

describe('http-client: calls to another service', () => {
  const hits = new Map<string, number>();
  let callee: Listening;
  let hanging: http.Server;
  let hangingUrl: string;
  let hangingHits = 0;
  let client: ServiceClient;

  const context = (overrides: Partial<RequestContext> = {}): RequestContext => ({
    requestId: 'req-abc',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    propagate: { 'x-request-id': 'req-abc', traceparent: TRACEPARENT, b3: '4bf92f3577b34da6-00f067aa0ba902b7-1' },
    ...overrides,
  });
  const failureOf = (promise: Promise<unknown>): Promise<AppError> =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (err: unknown) => {
        expect(err).to.be.instanceOf(AppError);
        return err as AppError;
      },
    );

  before(async () => {
    const app = createApp({ log: quietLog(), spec, isReady: async () => true, routers: [calleeRoutes(hits)], trustIdentityHeaders: true });
    callee = await listen(app, { port: 0, host: '127.0.0.1' });
    hanging = http.createServer(() => {
      hangingHits++;
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}`;
    client = createServiceClient({ service: 'inventory', baseUrl: callee.url, timeoutMs: 2000 });
  });
  after(async () => {
    hanging.closeAllConnections();
    hanging.close();
    await callee.close();
  });
  beforeEach(() => {
    hits.clear();
    hangingHits = 0;
  });

  it('passes x-request-id and trace headers of the request context to the callee', async () => {
    const body = await runWithContext(context(), () => client.call<Record<string, any>>({ path: '/echo' }));
    expect(body.headers).to.include({ 'x-request-id': 'req-abc', traceparent: TRACEPARENT, b3: '4bf92f3577b34da6-00f067aa0ba902b7-1' });
    expect(body.requestId).to.equal('req-abc');
  });

  it('carries the ids of an incoming request through a kit app to the callee', async () => {
    const router = createRouter();
    router.get('/front', async (ctx) => {
      ctx.body = await client.call({ path: '/echo' });
    });
    const front = await listen(createApp({ log: quietLog(), spec, isReady: async () => true, routers: [router], trustIdentityHeaders: true }), { port: 0, host: '127.0.0.1' });
    try {
      const res = await httpClient(front.url).get<Record<string, any>>('front', { headers: { 'x-request-id': 'edge-1', traceparent: TRACEPARENT, 'x-b3-traceid': '463ac35c9f6413ad' } });
      expect(res.statusCode).to.equal(200);
      expect(res.body.headers).to.include({ 'x-request-id': 'edge-1', traceparent: TRACEPARENT, 'x-b3-traceid': '463ac35c9f6413ad' });
    } finally {
      await front.close();
    }
  });

  it('sends its own headers, query and JSON body, dropping undefined values', async () => {
    const identified = createServiceClient({ service: 'orders', baseUrl: callee.url, timeoutMs: 2000, headers: { 'x-agora-user-id': 'u1' } });
    const got = await identified.call<Record<string, any>>({ path: '/echo', searchParams: { ids: 'a,b', cursor: undefined }, headers: { 'x-agora-user-role': 'seller', b3: undefined } });
    expect(got.headers).to.include({ 'x-agora-user-id': 'u1', 'x-agora-user-role': 'seller', b3: null });
    expect(got.query).to.deep.equal({ ids: 'a,b' });
    const posted = await identified.call<Record<string, any>>({ method: 'POST', path: '/echo', json: { amount: 1999 } });
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
    const payments = createServiceClient({ service: 'payments', baseUrl: callee.url, timeoutMs: 2000, retries: 3 });
    const declined = await failureOf(payments.call({ method: 'POST', path: '/charges', json: { paymentMethod: 'pm_card_declined' } }));
    expect(declined).to.include({ code: 'payment_declined', status: 402 });
    const failed = await failureOf(payments.call({ method: 'POST', path: '/charges', json: { paymentMethod: 'pm_card_error' } }));
    expect(failed).to.include({ code: 'payment_failed', status: 502, message: 'The card processor failed' });
    expect(hits.get('POST /charges')).to.equal(2);
  });

  it('turns a callee 500 internal into 503 service_unavailable naming the service', async () => {
    const error = await failureOf(client.call({ path: '/crash' }));
    expect(error).to.include({ code: 'service_unavailable', status: 503 });
    expect(error.message).to.include('inventory');
  });

  it('retries an idempotent GET or PUT on 503, but never a POST', async () => {
    const retrying = createServiceClient({ service: 'inventory', baseUrl: callee.url, timeoutMs: 2000, retries: 2 });
    for (const method of ['GET', 'PUT', 'POST'] as const) {
      const error = await failureOf(retrying.call({ method, path: '/outage', ...(method === 'GET' ? {} : { json: {} }) }));
      expect(error.code).to.equal('service_unavailable');
    }
    expect(hits.get('GET /outage')).to.equal(3);
    expect(hits.get('PUT /outage')).to.equal(3);
    expect(hits.get('POST /outage')).to.equal(1);
  });

  it('answers 503 service_unavailable quickly when the callee hangs past the per-call deadline', async () => {
    const slow = createServiceClient({ service: 'orders', baseUrl: hangingUrl, timeoutMs: 10_000 });
    const started = Date.now();
    const error = await failureOf(slow.call({ method: 'POST', path: '/x', json: {}, timeoutMs: 150 }));
    const elapsed = Date.now() - started;
    expect(error).to.include({ code: 'service_unavailable', status: 503 });
    expect(elapsed).to.be.within(140, 1000);
    expect(hangingHits).to.equal(1);
  });

  it('retries a GET that timed out once, each attempt within the per-call deadline', async () => {
    const slow = createServiceClient({ service: 'orders', baseUrl: hangingUrl, timeoutMs: 10_000 });
    const started = Date.now();
    const error = await failureOf(slow.call({ path: '/x', timeoutMs: 150 }));
    expect(error.code).to.equal('service_unavailable');
    expect(Date.now() - started).to.be.within(290, 1500);
    expect(hangingHits).to.equal(2);
  });

  it('caps the whole call, retries included, at the request-context deadline', async () => {
    const slow = createServiceClient({ service: 'orders', baseUrl: hangingUrl, timeoutMs: 10_000, retries: 5 });
    const started = Date.now();
    const error = await failureOf(runWithContext(context({ deadline: Date.now() + 200 }), () => slow.call({ path: '/x' })));
    const elapsed = Date.now() - started;
    expect(error.code).to.equal('service_unavailable');
    expect(elapsed).to.be.within(190, 800);
  });

  it('fails at once with 503 when the request deadline has already passed', async () => {
    const started = Date.now();
    const error = await failureOf(runWithContext(context({ deadline: Date.now() - 1 }), () => client.call({ path: '/echo' })));
    expect(error.code).to.equal('service_unavailable');
    expect(Date.now() - started).to.be.below(500);
  });

  it('answers 503 service_unavailable when the connection is refused', async () => {
    const nobody = createServiceClient({ service: 'payments', baseUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000 });
    const started = Date.now();
    const error = await failureOf(nobody.call({ path: '/internal/payments' }));
    expect(error).to.include({ code: 'service_unavailable', status: 503 });
    expect(error.message).to.include('payments');
    expect(Date.now() - started).to.be.below(1000);
  });

  it('reuses one keep-alive connection for consecutive calls', async () => {
    const fresh = createServiceClient({ service: 'inventory', baseUrl: callee.url, timeoutMs: 2000 });
    let connections = 0;
    const count = () => connections++;
    callee.server.on('connection', count);
    try {
      for (let i = 0; i < 5; i++) await fresh.call({ path: '/echo' });
      expect(connections).to.equal(1);
    } finally {
      callee.server.off('connection', count);
    }
  });
});
