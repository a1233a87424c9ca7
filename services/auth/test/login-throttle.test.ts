import { expect } from 'chai';
import { openDatabase, type Database } from '@agora/db';
import { dropTestDatabases } from '@agora/test-kit';
import { defineModels } from '../src/data-access/models.js';
import { startAuth, signup, type AuthUnderTest } from './auth-under-test.js';

describe('auth: login throttling', () => {
  let auth: AuthUnderTest;
  let replica: AuthUnderTest;
  let db: Database;
  before(async () => {
    auth = await startAuth();
    // A second replica on the same database: the count must hold across both.
    replica = await startAuth({ DATABASE_URL: auth.databaseUrl, AGORA_DATA_DIR: auth.dataDir });
    db = await openDatabase({ url: auth.databaseUrl, dataDir: auth.dataDir, service: 'auth' });
  });
  after(async () => {
    await db?.close();
    await replica?.stop();
    await auth?.stop();
    await dropTestDatabases();
  });

  const attempt = (target: AuthUnderTest, email: string, password: string, clientIp?: string) =>
    target.http.post<any>('auth/login', {
      json: { email, password },
      headers: clientIp ? { 'x-agora-client-ip': clientIp } : {},
    });

  async function fail(times: number, email: string) {
    for (let i = 0; i < times; i++) {
      const res = await attempt(i % 2 ? replica : auth, email, 'wrong-password');
      expect(res.statusCode).to.equal(401);
    }
  }

  it('refuses every attempt after 10 failures within 15 minutes, even the right password, with 429 and Retry-After', async () => {
    const account = await signup(auth.http);
    await fail(10, account.user.email);
    for (const target of [auth, replica]) {
      const res = await attempt(target, account.user.email, account.password);
      expect(res.statusCode).to.equal(429);
      expect(res.body.code).to.equal('too_many_requests');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).to.be.within(800, 900);
    }
  });

  it('throttles unknown emails the same way, so a 429 does not reveal an account', async () => {
    const email = `nobody-${Date.now()}@example.com`;
    await fail(10, email);
    expect((await attempt(auth, email, 'anything-at-all')).statusCode).to.equal(429);
  });

  it('resets the count on a successful login', async () => {
    const account = await signup(auth.http);
    await fail(9, account.user.email);
    expect((await attempt(auth, account.user.email, account.password)).statusCode).to.equal(200);
    await fail(9, account.user.email);
    expect((await attempt(replica, account.user.email, account.password)).statusCode).to.equal(200);
  });

  it("counts per (email, client address): a stranger's 10 failures never lock the owner out from another address", async () => {
    const account = await signup(auth.http);
    for (let i = 0; i < 10; i++)
      expect((await attempt(auth, account.user.email, 'wrong-password', '198.51.100.7')).statusCode).to.equal(401);
    expect((await attempt(replica, account.user.email, account.password, '198.51.100.7')).statusCode).to.equal(429);
    expect((await attempt(replica, account.user.email, account.password, '203.0.113.9')).statusCode).to.equal(200);
    // The owner's success resets only the owner's pair: the stranger's address stays refused.
    expect((await attempt(auth, account.user.email, account.password, '198.51.100.7')).statusCode).to.equal(429);
  });

  it('lets attempts through again once the window has passed', async () => {
    const account = await signup(auth.http);
    await fail(10, account.user.email);
    expect((await attempt(auth, account.user.email, account.password)).statusCode).to.equal(429);
    await defineModels(db).LoginFailure.update(
      { windowStartedAt: new Date(Date.now() - 15 * 60_000 - 1000) },
      { where: { email: account.user.email } },
    );
    expect((await attempt(auth, account.user.email, account.password)).statusCode).to.equal(200);
  });
});
