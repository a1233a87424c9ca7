import { expect } from 'chai';
import { openDatabase, QueryTypes, runMigrations, type Database } from '@agora/db';
import { dropTestDatabases, testDatabaseUrl } from '@agora/test-kit';
import { migrations } from '../src/data-access/migrations/index.js';

const BUYER = 'b0000000-0000-4000-8000-000000000003';
const at = new Date('2026-11-30T10:00:00.000Z');

/**
 * Before migration 003 a saga's end and its key's answer were two writes, and a 503 was
 * stored as an answer. The migration repairs the keys those versions left behind.
 */
describe('aggregator migration 003: keys stuck by earlier versions are repaired', () => {
  let db: Database;

  before(async () => {
    db = await openDatabase({ url: await testDatabaseUrl('aggregator'), dataDir: '', service: 'aggregator' });
    await runMigrations(db, migrations.slice(0, 2));
    const key = (name: string, state: string, response: { status: number; body: unknown } | null) =>
      db.query(
        'INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, order_id, state, response_status, response_body, lease_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        {
          replacements: [
            BUYER,
            name,
            'hash',
            `order-${name}`,
            state,
            response?.status ?? null,
            response ? JSON.stringify(response.body) : null,
            at,
            at,
          ],
        },
      );
    const saga = (name: string, state: string, failure: { status: number; body: unknown } | null) =>
      db.query(
        `INSERT INTO sagas (id, kind, order_id, buyer_id, buyer_role, idempotency_key, step, state, plan, payment_id, failure, attempts, lease_until, created_at, updated_at)
         VALUES (?, 'checkout', ?, ?, 'buyer', ?, 'stock_reserved', ?, '{}', NULL, ?, 0, ?, ?, ?)`,
        {
          replacements: [
            `order-${name}`,
            `order-${name}`,
            BUYER,
            name,
            state,
            failure ? JSON.stringify(failure) : null,
            at,
            at,
            at,
          ],
        },
      );
    await key('declined', 'in_progress', null);
    await saga('declined', 'compensated', { status: 402, body: { code: 'payment_declined' } });
    await key('backed-out', 'in_progress', null);
    await saga('backed-out', 'compensated', { status: 503, body: { code: 'service_unavailable' } });
    await key('stored-503', 'completed', { status: 503, body: { code: 'service_unavailable' } });
    await key('paid', 'completed', { status: 201, body: { id: 'order-paid' } });
    await key('running', 'in_progress', null);
    await saga('running', 'running', null);
    await runMigrations(db, migrations);
  });
  after(async () => {
    await db?.close();
    await dropTestDatabases();
  });

  async function keyOf(name: string) {
    const [row] = await db.query<{ state: string; response_status: number | null; attempt: number }>(
      'SELECT state, response_status, attempt FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?',
      { replacements: [BUYER, name], type: QueryTypes.SELECT },
    );
    return row;
  }

  it("gives a key stuck in progress behind a compensated saga the saga's final answer", async () => {
    expect(await keyOf('declined')).to.deep.equal({ state: 'completed', response_status: 402, attempt: 0 });
  });

  it('makes keys retryable whose answer was a 503, stuck or stored', async () => {
    expect(await keyOf('backed-out')).to.deep.equal({ state: 'retryable', response_status: null, attempt: 0 });
    expect(await keyOf('stored-503')).to.deep.equal({ state: 'retryable', response_status: null, attempt: 0 });
  });

  it('leaves final answers and running checkouts as they were', async () => {
    expect(await keyOf('paid')).to.deep.equal({ state: 'completed', response_status: 201, attempt: 0 });
    expect(await keyOf('running')).to.deep.equal({ state: 'in_progress', response_status: null, attempt: 0 });
  });
});
