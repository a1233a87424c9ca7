import { expect } from 'chai';
import { Agora, AgoraError } from '@agora/sdk';
import { FakeApi, problem } from './fake-api.js';

const ORDER = { id: 'o1', status: 'paid' };
const BODY = { addressId: 'a1', paymentMethod: 'pm_card_visa' } as const;

/** The error a call failed with (it must fail). */
async function failureOf(call: Promise<unknown>): Promise<any> {
  const outcome = await call.then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome, 'the call should have failed').to.not.equal(null);
  return outcome;
}

describe('the SDK: one error class, and retries only where a repeat is safe', function () {
  this.timeout(20_000);
  let api: FakeApi;
  // Retries wait a few ms here: the backoff is the SDK's to choose, the tests are about what is repeated.
  const client = (options: Partial<ConstructorParameters<typeof Agora>[0]> = {}) =>
    new Agora({ baseUrl: api.url, tokens: { accessToken: 'at', refreshToken: 'rt' }, ...options });

  beforeEach(async () => {
    api = await new FakeApi().start();
  });

  afterEach(async () => {
    await api.stop();
  });

  it('throws an AgoraError with status, code, errors and request id from a problem+json answer', async () => {
    const errors = [{ path: '/body/price', message: 'must be >= 0' }];
    api.on('POST /api/v1/seller/products', {
      status: 400,
      headers: { 'x-request-id': 'req-42' },
      body: problem(400, 'validation_failed', { errors }),
    });
    const error = await failureOf(client().seller.products.create({ title: 'Lamp', price: -1, stock: 1 }));
    expect(error).to.be.instanceOf(AgoraError);
    expect(error).to.include({
      status: 400,
      code: 'validation_failed',
      requestId: 'req-42',
      message: 'validation_failed happened',
    });
    expect(error.errors).to.deep.equal(errors);
    expect(error.problem).to.include({ status: 400, code: 'validation_failed' });
  });

  it('makes a problem of a plain-text answer from a proxy, with the code its status stands for', async () => {
    api.on('GET /api/v1/me', { status: 504, headers: { 'x-request-id': 'mesh-1' }, body: 'upstream request timeout' });
    const error = await failureOf(client().me.get());
    expect(error).to.be.instanceOf(AgoraError);
    expect(error).to.include({ status: 504, code: 'service_unavailable', requestId: 'mesh-1' });
    expect(error.problem).to.include({ detail: 'upstream request timeout', status: 504 });
    expect(api.to('GET /api/v1/me')).to.have.length(1);
  });

  it('retries a checkout with the same key after a dropped connection, a 503 and a 409 idempotency_key_in_use', async () => {
    api.on(
      'POST /api/v1/checkout',
      'hangUp',
      { status: 503, headers: { 'retry-after': '0' }, body: problem(503, 'service_unavailable') },
      { status: 409, body: problem(409, 'idempotency_key_in_use') },
      { status: 201, body: ORDER },
    );
    const order = await client().checkout.create(BODY);
    expect(order).to.deep.equal(ORDER);
    const keys = api.to('POST /api/v1/checkout').map((r) => r.headers['idempotency-key']);
    expect(keys).to.have.length(4);
    expect(new Set(keys).size).to.equal(1);
    expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
  });

  it("waits the answer's Retry-After before the next attempt", async () => {
    api.on(
      'POST /api/v1/checkout',
      { status: 503, headers: { 'retry-after': '1' }, body: problem(503, 'service_unavailable') },
      { status: 201, body: ORDER },
    );
    await client().checkout.create(BODY, { idempotencyKey: 'attempt-1' });
    const [first, second] = api.to('POST /api/v1/checkout');
    expect(second!.at - first!.at).to.be.at.least(950);
    expect(second!.headers['idempotency-key']).to.equal('attempt-1');
  });

  it('gives up after maxRetries and hands back the key to retry with later', async () => {
    api.on('POST /api/v1/checkout', {
      status: 503,
      headers: { 'retry-after': '0' },
      body: problem(503, 'service_unavailable'),
    });
    const error = await failureOf(client({ maxRetries: 2 }).checkout.create(BODY, { idempotencyKey: 'kept-key' }));
    expect(error).to.include({
      status: 503,
      code: 'service_unavailable',
      idempotencyKey: 'kept-key',
      retryAfterSeconds: 0,
    });
    expect(api.to('POST /api/v1/checkout')).to.have.length(3);
  });

  it('never repeats a final checkout outcome (402) or a call that is not idempotent (cancel after a 503)', async () => {
    api.on('POST /api/v1/checkout', { status: 402, body: problem(402, 'payment_declined') });
    api.on('POST /api/v1/orders/o1/cancel', { status: 503, body: problem(503, 'service_unavailable') });
    expect(await failureOf(client().checkout.create(BODY))).to.include({ code: 'payment_declined' });
    expect(await failureOf(client().orders.cancel('o1'))).to.include({ code: 'service_unavailable' });
    expect(api.to('POST /api/v1/checkout')).to.have.length(1);
    expect(api.to('POST /api/v1/orders/o1/cancel')).to.have.length(1);
  });

  it('waits out a short 429 on any call, and leaves a long one (a login lockout) to the caller', async () => {
    api.on(
      'PUT /api/v1/cart/items/p1',
      { status: 429, headers: { 'retry-after': '0' }, body: problem(429, 'too_many_requests') },
      { status: 200, body: { items: [], subtotal: 0, currency: null } },
    );
    api.on('POST /api/v1/auth/login', {
      status: 429,
      headers: { 'retry-after': '900' },
      body: problem(429, 'too_many_requests'),
    });
    await client().cart.setItem('p1', 1);
    const error = await failureOf(client().auth.login({ email: 'ada@example.com', password: 'wrong password' }));
    expect(error).to.include({ status: 429, retryAfterSeconds: 900 });
    expect(api.to('PUT /api/v1/cart/items/p1')).to.have.length(2);
    expect(api.to('POST /api/v1/auth/login')).to.have.length(1);
  });

  it('ends an attempt at its deadline with code timeout, and retries a read', async () => {
    api.on('GET /api/v1/orders/o1', 'silent', { status: 200, body: ORDER });
    expect(await client({ timeoutMs: 300 }).orders.get('o1')).to.deep.equal(ORDER);
    api.on('GET /api/v1/orders/o2', 'silent');
    const error = await failureOf(client({ timeoutMs: 200, maxRetries: 1 }).orders.get('o2'));
    expect(error).to.include({ status: 0, code: 'timeout' });
    expect(api.to('GET /api/v1/orders/o2')).to.have.length(2);
  });

  it("stops at once when the caller's AbortSignal fires, even while waiting to retry", async () => {
    api.on('GET /api/v1/cart', {
      status: 503,
      headers: { 'retry-after': '10' },
      body: problem(503, 'service_unavailable'),
    });
    const controller = new AbortController();
    const call = client().cart.get({ signal: controller.signal });
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await failureOf(call);
    expect(error.name).to.equal('AbortError');
    expect(Date.now() - started).to.be.below(2_000);
    expect(api.to('GET /api/v1/cart')).to.have.length(1);
  });
});
