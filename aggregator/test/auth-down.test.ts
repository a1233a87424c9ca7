import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('with auth down (real processes, SIGKILL)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let account: { user: { id: string; email: string }; accessToken: string };
  const password = 'correct-horse-battery';

  before(async () => {
    system = await startSystem({ services: ['auth'], env: { LOG_LEVEL: 'warn' }, deadlines: 'production' });
    api = httpClient(system.url);
    // Signed up at auth directly: this file keeps the aggregator's production deadlines, which a loaded machine could miss.
    account = (
      await httpClient(system.processes.auth!.url).post<any>('auth/signup', {
        json: { email: `d-${randomBytes(4).toString('hex')}@example.com`, password, name: 'D' },
      })
    ).body;
    // One verified request caches the JWKS in the aggregator.
    expect((await api.get('api/v1/me', { headers: bearer(account.accessToken) })).statusCode).to.equal(200);
    await system.processes.auth!.kill();
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  it('stays alive and ready', async () => {
    expect((await api.get('healthz')).statusCode).to.equal(200);
    expect((await api.get('readyz')).statusCode).to.equal(200);
  });

  it('answers login and signup with 503 service_unavailable in under 2 s', async () => {
    for (const [path, json] of [
      ['api/v1/auth/login', { email: account.user.email, password }],
      ['api/v1/auth/signup', { email: `n-${randomBytes(4).toString('hex')}@example.com`, password, name: 'N' }],
    ] as const) {
      const started = Date.now();
      const res = await api.post<any>(path, { json });
      expect(res.statusCode, path).to.equal(503);
      expect(res.body.code).to.equal('service_unavailable');
      expect(Date.now() - started).to.be.below(2_000);
    }
  });

  it('still verifies access tokens locally and serves the JWKS from its cache', async () => {
    const jwks = await api.get<any>('.well-known/jwks.json');
    expect(jwks.statusCode).to.equal(200);
    expect(jwks.body.keys[0]).to.include({ kty: 'RSA', alg: 'RS256' });
    // The role check needs only the verified token: a buyer is refused with 403, not 401 or 503.
    expect((await api.get('api/v1/admin/users', { headers: bearer(account.accessToken) })).statusCode).to.equal(403);
    // /me needs auth itself, so it is unavailable rather than unauthorized.
    expect((await api.get('api/v1/me', { headers: bearer(account.accessToken) })).statusCode).to.equal(503);
    expect((await api.get('api/v1/me', { headers: bearer('forged.token.value') })).statusCode).to.equal(401);
  });

  it('works again once auth is back', async () => {
    await system.processes.auth!.restart();
    const login = await waitFor(
      async () => {
        const res = await api.post<any>('api/v1/auth/login', { json: { email: account.user.email, password } });
        return res.statusCode === 200 ? res : undefined;
      },
      { what: 'login to work again', timeoutMs: 60_000 },
    );
    expect((await api.get('api/v1/me', { headers: bearer(login.body.accessToken) })).statusCode).to.equal(200);
    expect((await api.get('api/v1/me', { headers: bearer(account.accessToken) })).statusCode).to.equal(200);
    await system.processes.auth!.kill();
  });
});
