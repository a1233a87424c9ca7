import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Agora, AgoraError, memoryTokenStore } from '@agora/sdk';
import { contractFetch, dropTestDatabases, startSystem, type SystemHandle } from '@agora/test-kit';

const PASSWORD = 'correct horse battery';

describe('the SDK drives the public API (sessions, errors, checkout keys)', function () {
  this.timeout(180_000);
  let system: SystemHandle;
  /** Every request the SDK sent, as it left the SDK. */
  const sent: Request[] = [];
  const checkedFetch = contractFetch('api-docs/public.yaml');

  const newClient = (tokenStore = memoryTokenStore()): Agora =>
    new Agora({
      baseUrl: system.url,
      tokenStore,
      fetch: (request) => {
        sent.push(request.clone());
        return checkedFetch(request);
      },
    });

  async function signedUp(role: 'buyer' | 'seller' = 'buyer') {
    const store = memoryTokenStore();
    const client = newClient(store);
    const email = `sdk-${randomUUID()}@example.com`;
    const { user } = await client.auth.signup({ email, password: PASSWORD, name: 'Ada Buyer', role });
    return { client, store, email, user };
  }

  before(async () => {
    system = await startSystem({ services: ['auth'], env: { LOG_LEVEL: 'warn' } });
  });

  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  it('keeps the tokens of a signup and reads /me with them', async () => {
    const { client, store, email, user } = await signedUp();
    expect((await store.get())?.accessToken).to.be.a('string');
    expect(await client.me.get()).to.include({ id: user.id, email, role: 'buyer' });
  });

  it('logs in from a fresh client, whose token then opens /me', async () => {
    const { email, user } = await signedUp('seller');
    const client = newClient();
    await client.auth.login({ email, password: PASSWORD });
    expect(await client.me.get()).to.include({ id: user.id, role: 'seller' });
  });

  it('renews a refused access token once with the refresh token and retries the request', async () => {
    const { client, store, user } = await signedUp();
    const before = (await store.get())!;
    await store.set({ accessToken: 'a.token-the-server.refuses', refreshToken: before.refreshToken });
    const mark = sent.length;
    expect((await client.me.get()).id).to.equal(user.id);
    expect(sent.slice(mark).map((r) => `${r.method} ${new URL(r.url).pathname}`)).to.deep.equal([
      'GET /api/v1/me',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/me',
    ]);
    expect((await store.get())!.refreshToken).to.not.equal(before.refreshToken);
  });

  it('ends the session when the refresh token is refused too, with a typed 401', async () => {
    const { client, store } = await signedUp();
    await store.set({ accessToken: 'a.token-the-server.refuses', refreshToken: 'no-such-refresh-token' });
    const error = await client.me.get().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AgoraError);
    expect(error).to.include({ status: 401, code: 'unauthorized' });
    expect((error as AgoraError).requestId).to.match(/^[A-Za-z0-9._-]+$/);
    expect(await store.get()).to.equal(null);
  });

  it('logs out: the server ends the session and the store forgets it', async () => {
    const { client, store } = await signedUp();
    const { refreshToken } = (await store.get())!;
    await client.auth.logout();
    expect(await store.get()).to.equal(null);
    const reuse = await system.api.post('api/v1/auth/refresh', { json: { refreshToken }, throwHttpErrors: false });
    expect(reuse.statusCode).to.equal(401);
  });

  it('sends a fresh Idempotency-Key with each checkout, or the one it is given, and retries a 503 with the same key', async () => {
    // Only auth runs, so every checkout answers 503 service_unavailable: retryable, with the same key.
    const { client } = await signedUp();
    const body = { paymentMethod: 'pm_card_visa', addressId: randomUUID() } as const;
    const mark = sent.length;
    const failures: AgoraError[] = [];
    for (const idempotencyKey of [undefined, undefined, 'retry-of-attempt-1']) {
      const order = client.checkout.create(body, { idempotencyKey, maxRetries: 1 });
      failures.push(
        await order.then(
          (o) => expect.fail(`checkout answered ${o.status}`),
          (e: AgoraError) => e,
        ),
      );
    }
    expect(failures.map((e) => [e.status, e.code])).to.deep.equal(Array(3).fill([503, 'service_unavailable']));
    const keys = sent.slice(mark).map((r) => r.headers.get('idempotency-key'));
    expect(keys).to.deep.equal(failures.flatMap((e) => [e.idempotencyKey, e.idempotencyKey]));
    expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
    expect(keys[2])
      .to.match(/^[0-9a-f-]{36}$/)
      .and.not.equal(keys[0]);
    expect(keys[4]).to.equal('retry-of-attempt-1');
  });
});
