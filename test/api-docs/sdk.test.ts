import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createAgoraClient, type AgoraClient } from '@agora/sdk';
import { contractFetch, dropTestDatabases, startSystem, type SystemHandle } from '@agora/test-kit';

// Password hashing and process starts crawl on a loaded CI machine: generous deadlines, so only real failures fail.
const ROOMY_ON_A_LOADED_MACHINE = { envOf: { aggregator: { INTERNAL_TIMEOUT_MS: '20000', REQUEST_DEADLINE_MS: '30000' } }, readyTimeoutMs: 90_000 };

const PASSWORD = 'correct horse battery';

describe('the SDK drives the public API', function () {
  this.timeout(180_000);
  let system: SystemHandle;
  /** Every request the SDK sent, as it left the SDK. */
  const sent: Request[] = [];
  const checkedFetch = contractFetch('api-docs/public.yaml');

  const newClient = (): AgoraClient =>
    createAgoraClient({
      baseUrl: system.url,
      fetch: (request) => {
        sent.push(request.clone());
        return checkedFetch(request);
      },
    });

  async function signedUp(role: 'buyer' | 'seller' = 'buyer') {
    const client = newClient();
    const email = `sdk-${randomUUID()}@example.com`;
    const { data, response } = await client.POST('/api/v1/auth/signup', { body: { email, password: PASSWORD, name: 'Ada Buyer', role } });
    expect(response.status).to.equal(201);
    return { client, email, user: data!.user };
  }

  before(async () => {
    system = await startSystem({ services: ['auth'], env: { LOG_LEVEL: 'warn' }, ...ROOMY_ON_A_LOADED_MACHINE });
  });

  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  it('keeps the tokens of a signup and reads /me with them', async () => {
    const { client, email, user } = await signedUp();
    expect(client.session.current?.accessToken).to.be.a('string');
    const { data: me } = await client.GET('/api/v1/me');
    expect(me).to.include({ id: user.id, email, role: 'buyer' });
  });

  it('logs in from a fresh client, whose token then opens /me', async () => {
    const { email, user } = await signedUp('seller');
    const client = newClient();
    const { response } = await client.POST('/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(response.status).to.equal(200);
    const { data: me } = await client.GET('/api/v1/me');
    expect(me).to.include({ id: user.id, role: 'seller' });
  });

  it('renews a refused access token once with the refresh token and retries the request', async () => {
    const { client, user } = await signedUp();
    const before = client.session.current!;
    client.session.use({ accessToken: 'a.token-the-server.refuses', refreshToken: before.refreshToken });
    const mark = sent.length;
    const { data: me, response } = await client.GET('/api/v1/me');
    expect(response.status).to.equal(200);
    expect(me!.id).to.equal(user.id);
    expect(sent.slice(mark).map((r) => `${r.method} ${new URL(r.url).pathname}`)).to.deep.equal(['GET /api/v1/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/me']);
    expect(client.session.current!.refreshToken).to.not.equal(before.refreshToken);
  });

  it('ends the session when the refresh token is refused too', async () => {
    const { client } = await signedUp();
    client.session.use({ accessToken: 'a.token-the-server.refuses', refreshToken: 'no-such-refresh-token' });
    const { response, error } = await client.GET('/api/v1/me');
    expect(response.status).to.equal(401);
    expect(error).to.include({ code: 'unauthorized' });
    expect(client.session.current).to.equal(null);
  });

  it('sends a fresh Idempotency-Key with each checkout, or the one it is given', async () => {
    const { client } = await signedUp();
    const body = { paymentMethod: 'pm_card_visa', addressId: randomUUID() } as const;
    const mark = sent.length;
    await client.checkout(body);
    await client.checkout(body);
    await client.checkout(body, { idempotencyKey: 'retry-of-attempt-1' });
    const keys = sent.slice(mark).map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).to.match(/^[0-9a-f-]{36}$/);
    expect(keys[1]).to.match(/^[0-9a-f-]{36}$/).and.not.equal(keys[0]);
    expect(keys[2]).to.equal('retry-of-attempt-1');
  });
});
