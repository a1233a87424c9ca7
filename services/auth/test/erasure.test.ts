import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { QueryTypes, openDatabase, runMigrations } from '@agora/db';
import { dropTestDatabases, testDatabaseUrl, waitFor } from '@agora/test-kit';
import { as, signup, startAuth, type AuthUnderTest } from './auth-under-test.js';
import { migrations } from '../src/data-access/migrations/index.js';

/** Orders the calls of every stand-in, to tell which process was called first. */
let callSequence = 0;

/** A stand-in for a service's erasure endpoint: records each call and answers `status`. */
class FakeErasureEndpoint {
  status = 200;
  readonly calls: Array<{ path: string; status: number; sequence: number; at: number }> = [];
  private readonly server = http.createServer((req, res) => {
    this.calls.push({
      path: `${req.method} ${req.url}`,
      status: this.status,
      sequence: ++callSequence,
      at: Date.now(),
    });
    res
      .writeHead(this.status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ erasedAt: new Date().toISOString() }));
  });
  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  callsFor(userId: string) {
    return this.calls.filter((c) => c.path === `POST /internal/erasures/${userId}`);
  }
  confirmedFor(userId: string): number {
    return this.callsFor(userId).filter((c) => c.status === 200).length;
  }
  stop = () => new Promise((resolve) => this.server.close(resolve));
}

const ADMIN = { id: 'admin-1', role: 'admin' };
const QUICK_JOB = {
  ERASURE_RETRY_INTERVAL_MS: '50',
  ERASURE_BACKOFF_MS: '50',
  ERASURE_MAX_BACKOFF_MS: '200',
  ERASURE_SERVICES_DELAY_MS: '0',
};

describe('auth: deleting an account records its erasure and the job sends it to every service', () => {
  const endpoints = {
    aggregator: new FakeErasureEndpoint(),
    inventory: new FakeErasureEndpoint(),
    orders: new FakeErasureEndpoint(),
    payments: new FakeErasureEndpoint(),
  };
  let urls: Record<string, string>;
  let replicas: AuthUnderTest[] = [];
  let auth: AuthUnderTest;

  before(async () => {
    urls = {
      AGGREGATOR_URL: await endpoints.aggregator.start(),
      INVENTORY_URL: await endpoints.inventory.start(),
      ORDERS_URL: await endpoints.orders.start(),
      PAYMENTS_URL: await endpoints.payments.start(),
    };
    auth = await startAuth({ ...urls, ...QUICK_JOB });
    replicas = [auth];
  });
  after(async () => {
    for (const replica of replicas) await replica.stop();
    await Promise.all(Object.values(endpoints).map((e) => e.stop()));
    await dropTestDatabases();
  });

  const progressOf = async (userId: string) =>
    (await auth.http.get<any>(`admin/users/${userId}/erasure`, { headers: as(ADMIN) })).body;
  const completed = (userId: string) =>
    waitFor(async () => ((await progressOf(userId)).completedAt ? progressOf(userId) : null), {
      what: 'the erasure to complete',
    });

  it('sends DELETE /me on to the aggregator, inventory, orders and payments, and reports each confirmed', async () => {
    const user = await signup(auth.http);
    expect((await auth.http.delete('me', { headers: as(user.user) })).statusCode).to.equal(204);
    const progress = await completed(user.user.id);
    expect(progress).to.include({ userId: user.user.id });
    expect(Date.parse(progress.completedAt)).to.be.at.least(Date.parse(progress.requestedAt));
    expect(progress.services.map((s: any) => [s.service, s.status, s.attempts, s.lastError])).to.deep.equal([
      ['aggregator', 'done', 1, null],
      ['inventory', 'done', 1, null],
      ['orders', 'done', 1, null],
      ['payments', 'done', 1, null],
    ]);
    for (const endpoint of Object.values(endpoints)) expect(endpoint.confirmedFor(user.user.id)).to.equal(1);
  });

  it('counts the parts a service has not confirmed in the outbox metrics, until it confirms them', async () => {
    const gauge = async (name: string) => {
      const text = await auth.metrics.registry.getSingleMetricAsString(name);
      return Number(/\{outbox="erasure_deliveries"\} (\S+)/.exec(text)?.[1]);
    };
    endpoints.payments.status = 503;
    try {
      const user = await signup(auth.http);
      expect((await auth.http.delete('me', { headers: as(user.user) })).statusCode).to.equal(204);
      await waitFor(() => endpoints.payments.callsFor(user.user.id).length >= 2, {
        what: 'payments refusing the erasure',
      });
      // A scrape's read is shared for up to 1 s: wait for one that sees the refused part.
      await waitFor(async () => (await gauge('agora_outbox_pending')) >= 1, { what: 'the part counted as pending' });
      expect(await gauge('agora_outbox_oldest_pending_age_seconds')).to.be.greaterThan(0);
    } finally {
      endpoints.payments.status = 200;
    }
    await waitFor(async () => (await gauge('agora_outbox_pending')) === 0, { what: 'the outbox drained' });
    expect(await gauge('agora_outbox_oldest_pending_age_seconds')).to.equal(0);
  });

  it('records the erasure of an admin delete too, and forgets the failed logins of the email', async () => {
    const user = await signup(auth.http);
    expect(
      (await auth.http.post('auth/login', { json: { email: user.user.email, password: 'wrong-password' } })).statusCode,
    ).to.equal(401);
    const db = await openDatabase({ url: auth.databaseUrl, dataDir: auth.dataDir, service: 'auth' });
    try {
      const failures = () =>
        db.query('SELECT * FROM login_failures_by_client WHERE email = :email', {
          type: QueryTypes.SELECT,
          replacements: { email: user.user.email },
        });
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
    replicas.push(
      auth,
      await startAuth({ ...urls, ...QUICK_JOB, DATABASE_URL: auth.databaseUrl, AGORA_DATA_DIR: auth.dataDir }),
    );
    endpoints.orders.status = 200;
    const progress = await completed(user.user.id);
    expect(progress.services.every((s: any) => s.status === 'done' && s.lastError === null)).to.equal(true);
    for (const endpoint of Object.values(endpoints)) expect(endpoint.confirmedFor(user.user.id)).to.equal(1);
  });

  it('calls the services only once the aggregator confirmed (no checkout of the user left running)', async () => {
    endpoints.aggregator.status = 409;
    const user = await signup(auth.http);
    expect((await auth.http.delete('me', { headers: as(user.user) })).statusCode).to.equal(204);
    await waitFor(async () => (endpoints.aggregator.callsFor(user.user.id).length >= 3 ? true : null), {
      what: 'the aggregator to be asked three times',
    });
    const waiting = await progressOf(user.user.id);
    expect(waiting.completedAt).to.equal(null);
    expect(waiting.services.map((s: any) => [s.service, s.status, s.attempts])).to.deep.equal([
      ['aggregator', 'pending', waiting.services[0].attempts],
      ['inventory', 'pending', 0],
      ['orders', 'pending', 0],
      ['payments', 'pending', 0],
    ]);
    expect(waiting.services[0].lastError).to.be.a('string').and.not.equal('');
    for (const name of ['inventory', 'orders', 'payments'] as const)
      expect(endpoints[name].callsFor(user.user.id), name).to.deep.equal([]);

    endpoints.aggregator.status = 200;
    await completed(user.user.id);
    const aggregatorConfirmed = endpoints.aggregator.callsFor(user.user.id).find((c) => c.status === 200)!.sequence;
    for (const name of ['inventory', 'orders', 'payments'] as const) {
      expect(
        endpoints[name].callsFor(user.user.id).map((c) => c.sequence > aggregatorConfirmed),
        name,
      ).to.deep.equal([true]);
    }
  });

  it('sends the services their part no sooner than ERASURE_SERVICES_DELAY_MS after the deletion, after the aggregator', async () => {
    const delayed = await startAuth({ ...urls, ...QUICK_JOB, ERASURE_SERVICES_DELAY_MS: '800' });
    replicas.push(delayed);
    const user = await signup(delayed.http);
    const deletedAt = Date.now();
    expect((await delayed.http.delete('me', { headers: as(user.user) })).statusCode).to.equal(204);
    await waitFor(
      async () =>
        (await delayed.http.get<any>(`admin/users/${user.user.id}/erasure`, { headers: as(ADMIN) })).body.completedAt
          ? true
          : null,
      {
        what: 'the delayed erasure to complete',
      },
    );
    const aggregatorCalled = endpoints.aggregator.callsFor(user.user.id)[0]!;
    for (const name of ['inventory', 'orders', 'payments'] as const) {
      const first = endpoints[name].callsFor(user.user.id)[0]!;
      expect(first.at - deletedAt, `ms until ${name} was called`).to.be.at.least(800);
      expect(first.sequence, `${name} called after the aggregator`).to.be.greaterThan(aggregatorCalled.sequence);
    }
  });

  it('owes the aggregator its part of the erasures recorded before it was erased too (migration 003)', async () => {
    const databaseUrl = await testDatabaseUrl('auth');
    const dataDir = auth.dataDir;
    const db = await openDatabase({ url: databaseUrl, dataDir, service: 'auth' });
    const userId = '0b3f8a52-5a5e-4a8e-9d40-7c1f00000003';
    const at = new Date('2026-11-01T10:00:00.000Z');
    try {
      // The schema and data of before migration 003: a complete erasure sent to three services.
      await runMigrations(db, migrations.slice(0, 2));
      await db.query('INSERT INTO erasures (user_id, requested_at, completed_at) VALUES (?, ?, ?)', {
        replacements: [userId, at, at],
      });
      for (const service of ['inventory', 'orders', 'payments']) {
        await db.query(
          'INSERT INTO erasure_deliveries (user_id, service, attempts, next_attempt_at, confirmed_at, last_error) VALUES (?, ?, 1, ?, ?, NULL)',
          {
            replacements: [userId, service, at, at],
          },
        );
      }
    } finally {
      await db.close();
    }
    const upgraded = await startAuth({ ...urls, ...QUICK_JOB, DATABASE_URL: databaseUrl, AGORA_DATA_DIR: dataDir });
    replicas.push(upgraded);
    const progress = await waitFor(
      async () => {
        const body = (await upgraded.http.get<any>(`admin/users/${userId}/erasure`, { headers: as(ADMIN) })).body;
        return body.completedAt ? body : null;
      },
      { what: 'the upgraded erasure to complete' },
    );
    expect(progress.services.map((s: any) => [s.service, s.status])).to.deep.equal([
      ['aggregator', 'done'],
      ['inventory', 'done'],
      ['orders', 'done'],
      ['payments', 'done'],
    ]);
    expect(Date.parse(progress.completedAt)).to.be.greaterThan(at.getTime());
    expect(endpoints.aggregator.confirmedFor(userId)).to.equal(1);
    for (const name of ['inventory', 'orders', 'payments'] as const)
      expect(endpoints[name].callsFor(userId), name).to.deep.equal([]);
  });

  it('answers 404 when no erasure was recorded for the id, and 403 to a non-admin', async () => {
    const user = await signup(auth.http);
    expect((await auth.http.get(`admin/users/${user.user.id}/erasure`, { headers: as(ADMIN) })).statusCode).to.equal(
      404,
    );
    expect(
      (await auth.http.get(`admin/users/${user.user.id}/erasure`, { headers: as(user.user) })).statusCode,
    ).to.equal(403);
  });
});
