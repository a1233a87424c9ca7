import { expect } from 'chai';
import { openDatabase, runMigrations, type Database } from '@agora/db';
import { dropTestDatabases, testDatabaseUrl } from '@agora/test-kit';
import { migrations } from '../src/data-access/migrations/index.js';
import { SagaLog } from '../src/data-access/saga-log.js';
import type { SagaRecord } from '../src/domain/checkout/saga-record.js';

const saga = (id: string, state: SagaRecord['state']): SagaRecord => ({
  id,
  kind: 'checkout',
  orderId: id,
  buyer: { id: 'buyer-1', role: 'buyer' },
  idempotencyKey: `key-${id}`,
  step: state === 'running' ? 'stock_reserved' : 'done',
  state,
  plan: {},
  paymentId: null,
  failure: null,
  attempts: 0,
});

describe('the saga log in the aggregator database', () => {
  let db: Database;
  let sagas: SagaLog;

  before(async () => {
    db = await openDatabase({ url: await testDatabaseUrl('aggregator'), dataDir: '', service: 'aggregator' });
    await runMigrations(db, migrations);
    sagas = new SagaLog(db);
  });
  after(async () => {
    await db?.close();
    await dropTestDatabases();
  });

  it('hands an abandoned saga to one claimer only, and none whose lease is still running', async () => {
    await sagas.start(saga('abandoned', 'running'), -1_000);
    await sagas.start(saga('leased', 'running'), 60_000);
    const [first, second] = await Promise.all([sagas.claimAbandoned(10, 5_000), sagas.claimAbandoned(10, 5_000)]);
    const claimed = [...first, ...second].map((s) => s.id);
    expect(claimed).to.deep.equal(['abandoned']);
    expect(await sagas.claimAbandoned(10, 5_000)).to.deep.equal([]);
  });

  it('refuses a second saga with the same id', async () => {
    expect(await sagas.start(saga('twice', 'running'), 1_000)).to.equal(true);
    expect(await sagas.start(saga('twice', 'running'), 1_000)).to.equal(false);
  });

  it('purges finished sagas (they hold the shipping address) after the retention, never unfinished ones', async () => {
    await sagas.start(saga('old-done', 'completed'), 0);
    await sagas.start(saga('old-running', 'running'), 60_000);
    await db.query("UPDATE sagas SET updated_at = ? WHERE id IN ('old-done', 'old-running')", { replacements: [new Date(Date.now() - 3_600_000)] });
    await sagas.start(saga('fresh-done', 'completed'), 0);
    await sagas.purgeFinishedOlderThan(60_000);
    expect(await sagas.get('old-done')).to.equal(undefined);
    expect(await sagas.get('old-running')).to.not.equal(undefined);
    expect(await sagas.get('fresh-done')).to.not.equal(undefined);
  });
});
