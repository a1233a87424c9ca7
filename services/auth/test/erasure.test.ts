import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { QueryTypes, openDatabase } from '@agora/db';
import { dropTestDatabases, waitFor } from '@agora/test-kit';
import { as, signup, startAuth, type AuthUnderTest } from './auth-under-test.js';

/** A stand-in for a service's erasure endpoint: records each call and answers `status`. */
class FakeErasureEndpoint {
  status = 200;
  readonly calls: Array<{ path: string; status: number }> = [];
  private readonly server = http.createServer((req, res) => {
    this.calls.push({ path: `${req.method} ${req.url}`, status: this.status });
    res.writeHead(this.status, { 'content-type': 'application/json' }).end(JSON.stringify({ erasedAt: new Date().toISOString() }));
  });
  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  confirmedFor(userId: string): number {
    return this.calls.filter((c) => c.path === `POST /internal/erasures/${userId}` && c.status === 200).length;
  }
  stop = () => new Promise((resolve) => this.server.close(resolve));
}

const ADMIN = { id: 'admin-1', role: 'admin' };
const QUICK_JOB = { ERASURE_RETRY_INTERVAL_MS: '50', ERASURE_BACKOFF_MS: '50', ERASURE_MAX_BACKOFF_MS: '200' };

describe('auth: deleting an account records its erasure and the job sends it to every service', () => {
  const endpoints = { inventory: new FakeErasureEndpoint(), orders: new FakeErasureEndpoint(), payments: new FakeErasureEndpoint() };
  let urls: Record<string, string>;
  let replicas: AuthUnderTest[] = [];
  let auth: AuthUnderTest;

  before(async () => {
    urls = { INVENTORY_URL: await endpoints.inventory.start(), ORDERS_URL: await endpoints.orders.start(), PAYMENTS_URL: await endpoints.payments.start() };
    auth = await startAuth({ ...urls, ...QUICK_JOB });
    replicas = [auth];
  });
  after(async () => {
    for (const replica of replicas) await replica.stop();
    await Promise.all(Object.values(endpoints).map((e) => e.stop()));
    await dropTestDatabases();
  });

  const progressOf = async (userId: string) => (await auth.http.get<any>(`admin/users/${userId}/erasure`, { headers: as(ADMIN) })).body;
  const completed = (userId: string) => waitFor(async () => ((await progressOf(userId)).completedAt ? progressOf(userId) : null), { what: 'the erasure to complete' });

  it('sends DELETE /me on to inventory, orders and payments, and reports each confirmed', async () => {
    const user = await signup(auth.http);
    expect((await auth.http.delete('me', { headers: as(user.user) })).statusCode).to.equal(204);
    const progress = await completed(user.user.id);
    expect(progress).to.include({ userId: user.user.id });
    expect(Date.parse(progress.completedAt)).to.be.at.least(Date.parse(progress.requestedAt));
    expect(progress.services.map((s: any) => [s.service, s.status, s.attempts, s.lastError])).to.deep.equal([
      ['inventory', 'done', 1, null],
      ['orders', 'done', 1, null],
      ['payments', 'done', 1, null],
    ]);
    for (const endpoint of Object.values(endpoints)) expect(endpoint.confirmedFor(user.user.id)).to.equal(1);
  });

  it('records the erasure of an admin delete too, and forgets the failed logins of the email', async () => {
    const user = await signup(auth.http);
    expect((await auth.http.post('auth/login', { json: { email: user.user.email, password: 'wrong-password' } })).statusCode).to.equal(401);
    const db = await openDatabase({ url: auth.databaseUrl, dataDir: auth.dataDir, service: 'auth' });
    try {
      const failures = () => db.query('SELECT * FROM login_failures WHERE email = :email', { type: QueryTypes.SELECT, replacements: { email: user.user.email } });
      expect(await failures()).to.have.length(1);
      expect((await auth.http.delete(`admin/users/${user.user.id}`, { headers: as(ADMIN) })).statusCode).to.equal(204);
      expect(await failures()).to.deep.equal([]);
    } finally {
      await db.close();
    }
    await completed(user.user.id);
  });

  it('retries a failing service until it answers, keeps going after a restart, and two replicas confirm each call once', async () => {
    endpoints.orders.status = 503;
    const user = await signup(auth.http);
    expect((await auth.http.delete('me', { headers: as(user.user) })).statusCode).to.equal(204);
    const failing = await waitFor(async () => {
      const orders = (await progressOf(user.user.id)).services.find((s: any) => s.service === 'orders');
      return orders.attempts >= 3 ? orders : null;
    });
    expect(failing).to.include({ status: 'pending', confirmedAt: null });
    expect(failing.lastError).to.be.a('string').and.not.equal('');
    await auth.stop();
    replicas = [];
    // Two replicas on the same database: the outbox outlives the process, and the lease keeps them from both sending.
    auth = await startAuth({ ...urls, ...QUICK_JOB, DATABASE_URL: auth.databaseUrl, AGORA_DATA_DIR: auth.dataDir });
    replicas.push(auth, await startAuth({ ...urls, ...QUICK_JOB, DATABASE_URL: auth.databaseUrl, AGORA_DATA_DIR: auth.dataDir }));
    endpoints.orders.status = 200;
    const progress = await completed(user.user.id);
    expect(progress.services.every((s: any) => s.status === 'done' && s.lastError === null)).to.equal(true);
    for (const endpoint of Object.values(endpoints)) expect(endpoint.confirmedFor(user.user.id)).to.equal(1);
  });

  it('answers 404 when no erasure was recorded for the id, and 403 to a non-admin', async () => {
    const user = await signup(auth.http);
    expect((await auth.http.get(`admin/users/${user.user.id}/erasure`, { headers: as(ADMIN) })).statusCode).to.equal(404);
    expect((await auth.http.get(`admin/users/${user.user.id}/erasure`, { headers: as(user.user) })).statusCode).to.equal(403);
  });
});
