import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';

const ADMIN = { email: 'root@agora.test', password: 'admin-password-1' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('admin user management through the aggregator (real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let admin: { user: { id: string }; accessToken: string };

  before(async () => {
    system = await startSystem({
      services: ['auth'],
      env: { LOG_LEVEL: 'warn' },
      envOf: { auth: { AGORA_ADMIN_EMAIL: ADMIN.email, AGORA_ADMIN_PASSWORD: ADMIN.password } },
    });
    api = httpClient(system.url);
    admin = (await api.post<any>('api/v1/auth/login', { json: ADMIN })).body;
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  async function signUp(role = 'buyer') {
    const res = await api.post<any>('api/v1/auth/signup', {
      json: {
        email: `u-${randomBytes(4).toString('hex')}@example.com`,
        password: 'correct-horse-battery',
        name: 'U',
        role,
      },
    });
    expect(res.statusCode).to.equal(201);
    return res.body;
  }

  it('signs the bootstrap admin in with an admin token', async () => {
    const me = await api.get<any>('api/v1/me', { headers: bearer(admin.accessToken) });
    expect(me.body).to.include({ email: ADMIN.email, role: 'admin' });
  });

  it('refuses sellers and buyers with 403 forbidden, anonymous callers with 401', async () => {
    const seller = await signUp('seller');
    for (const [method, path] of [
      ['GET', 'api/v1/admin/users'],
      ['GET', `api/v1/admin/users/${seller.user.id}`],
      ['DELETE', `api/v1/admin/users/${admin.user.id}`],
    ] as const) {
      const res = await api<any>(path, { method, headers: bearer(seller.accessToken) });
      expect(res.statusCode, `${method} ${path}`).to.equal(403);
      expect(res.body.code).to.equal('forbidden');
    }
    const anonymous = await api.get<any>('api/v1/admin/users');
    expect(anonymous.statusCode).to.equal(401);
    expect(anonymous.headers['www-authenticate']).to.equal('Bearer realm="agora"');
  });

  it('lists by exact email and pages with a cursor', async () => {
    const account = await signUp();
    await signUp();
    const found = await api.get<any>('api/v1/admin/users', {
      headers: bearer(admin.accessToken),
      searchParams: { email: account.user.email },
    });
    expect(found.statusCode).to.equal(200);
    expect(found.body).to.deep.equal({ items: [account.user], nextCursor: null });
    const first = await api.get<any>('api/v1/admin/users', {
      headers: bearer(admin.accessToken),
      searchParams: { limit: 1 },
    });
    expect(first.body.items).to.have.length(1);
    const second = await api.get<any>('api/v1/admin/users', {
      headers: bearer(admin.accessToken),
      searchParams: { limit: 1, cursor: first.body.nextCursor },
    });
    expect(second.body.items[0].id).to.not.equal(first.body.items[0].id);
    expect(
      (await api.get('api/v1/admin/users', { headers: bearer(admin.accessToken), searchParams: { limit: 0 } }))
        .statusCode,
    ).to.equal(400);
  });

  it('reads and changes a user; unknown ids are 404; unknown properties 400', async () => {
    const account = await signUp();
    const path = `api/v1/admin/users/${account.user.id}`;
    expect((await api.get<any>(path, { headers: bearer(admin.accessToken) })).body).to.deep.equal(account.user);
    const changed = await api.patch<any>(path, {
      headers: bearer(admin.accessToken),
      json: { role: 'seller', name: 'Seller Now' },
    });
    expect(changed.statusCode).to.equal(200);
    expect(changed.body).to.include({ role: 'seller', name: 'Seller Now' });
    expect(
      (await api.patch(path, { headers: bearer(admin.accessToken), json: { email: 'x@example.com' } })).statusCode,
    ).to.equal(400);
    const missing = await api.get<any>('api/v1/admin/users/no-such-user', { headers: bearer(admin.accessToken) });
    expect(missing.statusCode).to.equal(404);
    expect(missing.body.code).to.equal('not_found');
  });

  it('refuses an admin demoting or deleting itself with 409 invalid_state', async () => {
    const path = `api/v1/admin/users/${admin.user.id}`;
    const demote = await api.patch<any>(path, { headers: bearer(admin.accessToken), json: { role: 'buyer' } });
    expect(demote.statusCode).to.equal(409);
    expect(demote.body.code).to.equal('invalid_state');
    const remove = await api.delete<any>(path, { headers: bearer(admin.accessToken) });
    expect(remove.statusCode).to.equal(409);
    expect(remove.body.code).to.equal('invalid_state');
  });

  it('deletes a user, whose access token is then refused', async () => {
    const account = await signUp();
    expect((await api.get('api/v1/me', { headers: bearer(account.accessToken) })).statusCode).to.equal(200);
    expect(
      (await api.delete(`api/v1/admin/users/${account.user.id}`, { headers: bearer(admin.accessToken) })).statusCode,
    ).to.equal(204);
    await waitFor(
      async () => (await api.get('api/v1/admin/users', { headers: bearer(account.accessToken) })).statusCode === 401,
      {
        timeoutMs: 2_500,
        what: "the deleted user's token to be refused",
      },
    );
    expect(
      (await api.get(`api/v1/admin/users/${account.user.id}`, { headers: bearer(admin.accessToken) })).statusCode,
    ).to.equal(404);
  });
});
