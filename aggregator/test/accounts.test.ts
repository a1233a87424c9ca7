import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';

const email = (prefix = 'user') => `${prefix}-${randomBytes(4).toString('hex')}@example.com`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('accounts through the aggregator (real auth and aggregator processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;

  before(async () => {
    system = await startSystem({ services: ['auth'], env: { LOG_LEVEL: 'warn' } });
    api = httpClient(system.url);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  async function signUp(overrides: Record<string, unknown> = {}) {
    const password = 'correct-horse-battery';
    const res = await api.post<any>('api/v1/auth/signup', {
      json: { email: email(), password, name: 'Ada', ...overrides },
    });
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(201);
    return { ...res.body, password };
  }

  it('signs up, logs in and reads /me with the access token', async () => {
    const address = email('Ada').toUpperCase();
    const signup = await api.post<any>('api/v1/auth/signup', {
      json: { email: address, password: 'correct-horse-battery', name: 'Ada', role: 'seller' },
    });
    expect(signup.statusCode).to.equal(201);
    expect(signup.body).to.include({ tokenType: 'Bearer', expiresIn: 900 });
    const login = await api.post<any>('api/v1/auth/login', {
      json: { email: address.toLowerCase(), password: 'correct-horse-battery' },
    });
    expect(login.statusCode).to.equal(200);
    const me = await api.get<any>('api/v1/me', { headers: bearer(login.body.accessToken) });
    expect(me.statusCode).to.equal(200);
    expect(me.body).to.deep.equal(signup.body.user);
    expect(me.body).to.include({ email: address.toLowerCase(), role: 'seller' });
  });

  it('validates public bodies with the public spec: unknown property, admin role, malformed JSON, 415', async () => {
    const base = { email: email(), password: 'correct-horse-battery', name: 'X' };
    for (const json of [
      { ...base, isAdmin: true },
      { ...base, role: 'admin' },
      { ...base, password: 'short' },
    ]) {
      const res = await api.post<any>('api/v1/auth/signup', { json });
      expect(res.statusCode).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
    }
    const malformed = await api.post<any>('api/v1/auth/login', {
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).to.equal(400);
    const text = await api.post<any>('api/v1/auth/login', { body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).to.equal(415);
  });

  it('passes on email_taken, invalid_credentials, and the throttle with its Retry-After', async () => {
    const account = await signUp();
    const taken = await api.post<any>('api/v1/auth/signup', {
      json: { email: account.user.email, password: 'correct-horse-battery', name: 'X' },
    });
    expect(taken.statusCode).to.equal(409);
    expect(taken.body.code).to.equal('email_taken');
    for (let i = 0; i < 10; i++) {
      const wrong = await api.post<any>('api/v1/auth/login', {
        json: { email: account.user.email, password: 'wrong-password' },
      });
      expect(wrong.statusCode).to.equal(401);
      expect(wrong.body.code).to.equal('invalid_credentials');
    }
    const throttled = await api.post<any>('api/v1/auth/login', {
      json: { email: account.user.email, password: account.password },
    });
    expect(throttled.statusCode).to.equal(429);
    expect(throttled.body.code).to.equal('too_many_requests');
    expect(Number(throttled.headers['retry-after'])).to.be.within(800, 900);
  });

  it('refreshes with rotation and logs out', async () => {
    const account = await signUp();
    const refreshed = await api.post<any>('api/v1/auth/refresh', { json: { refreshToken: account.refreshToken } });
    expect(refreshed.statusCode).to.equal(200);
    expect((await api.get('api/v1/me', { headers: bearer(refreshed.body.accessToken) })).statusCode).to.equal(200);
    const reuse = await api.post<any>('api/v1/auth/refresh', { json: { refreshToken: account.refreshToken } });
    expect(reuse.statusCode).to.equal(401);
    expect(reuse.body.code).to.equal('unauthorized');
    const fresh = await api.post<any>('api/v1/auth/login', {
      json: { email: account.user.email, password: account.password },
    });
    expect(
      (await api.post('api/v1/auth/logout', { json: { refreshToken: fresh.body.refreshToken } })).statusCode,
    ).to.equal(204);
    expect(
      (await api.post('api/v1/auth/refresh', { json: { refreshToken: fresh.body.refreshToken } })).statusCode,
    ).to.equal(401);
  });

  it('updates /me: name, and password with the current one', async () => {
    const account = await signUp();
    const renamed = await api.patch<any>('api/v1/me', {
      headers: bearer(account.accessToken),
      json: { name: 'Grace' },
    });
    expect(renamed.statusCode).to.equal(200);
    expect(renamed.body.name).to.equal('Grace');
    const noCurrent = await api.patch<any>('api/v1/me', {
      headers: bearer(account.accessToken),
      json: { password: 'new-password-1' },
    });
    expect(noCurrent.statusCode).to.equal(400);
    const wrong = await api.patch<any>('api/v1/me', {
      headers: bearer(account.accessToken),
      json: { password: 'new-password-1', currentPassword: 'nope-nope' },
    });
    expect(wrong.statusCode).to.equal(403);
    expect(wrong.body.code).to.equal('invalid_credentials');
    const role = await api.patch<any>('api/v1/me', { headers: bearer(account.accessToken), json: { role: 'admin' } });
    expect(role.statusCode).to.equal(400);
    const changed = await api.patch<any>('api/v1/me', {
      headers: bearer(account.accessToken),
      json: { password: 'new-password-1', currentPassword: account.password },
    });
    expect(changed.statusCode).to.equal(200);
    expect(
      (await api.post('api/v1/auth/login', { json: { email: account.user.email, password: 'new-password-1' } }))
        .statusCode,
    ).to.equal(200);
  });

  it('refuses /me without a token with 401 and the WWW-Authenticate challenge', async () => {
    const res = await api.get<any>('api/v1/me');
    expect(res.statusCode).to.equal(401);
    expect(res.headers['www-authenticate']).to.equal('Bearer realm="agora"');
  });

  it("refuses a deleted account's unexpired access token on every route within about a second", async () => {
    const account = await signUp();
    // A buyer on an admin route is refused by the aggregator alone (403), without asking auth.
    expect((await api.get('api/v1/admin/users', { headers: bearer(account.accessToken) })).statusCode).to.equal(403);
    expect((await api.delete('api/v1/me', { headers: bearer(account.accessToken) })).statusCode).to.equal(204);
    const deletedAt = Date.now();
    await waitFor(
      async () => (await api.get('api/v1/admin/users', { headers: bearer(account.accessToken) })).statusCode === 401,
      {
        timeoutMs: 2_500,
        what: "the deleted user's token to be refused",
      },
    );
    expect(Date.now() - deletedAt).to.be.below(2_500);
    const me = await api.get<any>('api/v1/me', { headers: bearer(account.accessToken) });
    expect(me.statusCode).to.equal(401);
    expect(me.headers['www-authenticate']).to.equal('Bearer realm="agora", error="invalid_token"');
    expect(
      (await api.post('api/v1/auth/login', { json: { email: account.user.email, password: account.password } }))
        .statusCode,
    ).to.equal(401);
    expect(
      (await api.post('api/v1/auth/refresh', { json: { refreshToken: account.refreshToken } })).statusCode,
    ).to.equal(401);
  });
});
