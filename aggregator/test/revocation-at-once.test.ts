import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, type SystemHandle, type TestHttp } from '@agora/test-kit';

const ADMIN = { email: 'root@agora.test', password: 'admin-password-1' };
const PASSWORD = 'correct-horse-battery';

/** A route of every kind: the caller's own, a buyer's, a seller's and an admin's. */
const ROUTES: Array<[method: 'get' | 'post', path: string]> = [
  ['get', 'api/v1/me'],
  ['get', 'api/v1/cart'],
  ['get', 'api/v1/orders'],
  ['get', 'api/v1/seller/products'],
  ['post', 'api/v1/seller/products'],
  ['get', 'api/v1/seller/sales'],
  ['get', 'api/v1/admin/users'],
];

describe('revocation at once on the replica that served the deletion (API2, real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let adminToken: string;

  before(async () => {
    system = await startSystem({
      services: ['auth', 'inventory'],
      env: { LOG_LEVEL: 'warn' },
      envOf: { auth: { AGORA_ADMIN_EMAIL: ADMIN.email, AGORA_ADMIN_PASSWORD: ADMIN.password } },
    });
    api = httpClient(system.url);
    adminToken = (await api.post<any>('api/v1/auth/login', { json: ADMIN })).body.accessToken;
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  async function signUp(role: 'buyer' | 'seller' = 'seller'): Promise<{ id: string; email: string; token: string }> {
    const email = `u-${randomBytes(4).toString('hex')}@example.com`;
    const res = await api.post<any>('api/v1/auth/signup', { json: { email, password: PASSWORD, name: 'U', role } });
    expect(res.statusCode).to.equal(201);
    return { id: res.body.user.id, email, token: res.body.accessToken };
  }

  async function expectRefusedEverywhere(token: string) {
    for (const [method, path] of ROUTES) {
      const res = await api<any>(path, {
        method: method.toUpperCase() as 'GET',
        headers: { authorization: `Bearer ${token}` },
        ...(method === 'post' ? { json: { title: 'Lamp', price: 100, stock: 1 } } : {}),
      });
      expect(res.statusCode, `${method.toUpperCase()} ${path}`).to.equal(401);
      expect(res.body.code).to.equal('unauthorized');
      expect(res.headers['www-authenticate']).to.equal('Bearer realm="agora", error="invalid_token"');
    }
  }

  it('refuses a token with 401 on every route, seller and admin ones included, from the moment DELETE /me answers', async () => {
    const seller = await signUp('seller');
    const deleted = await api.delete('api/v1/me', { headers: { authorization: `Bearer ${seller.token}` } });
    expect(deleted.statusCode).to.equal(204);
    await expectRefusedEverywhere(seller.token);
  });

  it("refuses a token with 401 everywhere from the moment an admin delete answers, an admin's token on /admin/* too", async () => {
    const admin = { authorization: `Bearer ${adminToken}` };
    const seller = await signUp('seller');
    const other = await signUp('buyer');
    expect(
      (await api.patch(`api/v1/admin/users/${other.id}`, { headers: admin, json: { role: 'admin' } })).statusCode,
    ).to.equal(200);
    const otherAdmin = await api.post<any>('api/v1/auth/login', { json: { email: other.email, password: PASSWORD } });
    expect(otherAdmin.body.user.role).to.equal('admin');
    for (const target of [{ ...seller }, { ...other, token: otherAdmin.body.accessToken as string }]) {
      expect((await api.delete(`api/v1/admin/users/${target.id}`, { headers: admin })).statusCode).to.equal(204);
      await expectRefusedEverywhere(target.token);
    }
  });
});
