import { openDatabase, runMigrations, type Database } from '@agora/db';
import { dropTestDatabases, testDatabaseUrl } from '@agora/test-kit';
import { migrations } from '../../src/data-access/migrations/index.js';
import { IdempotencyStore } from '../../src/data-access/idempotency-store.js';
import { SagaLog } from '../../src/data-access/saga-log.js';

export interface CheckoutLog {
  db: Database;
  keys: IdempotencyStore;
  sagas: SagaLog;
}

/** The aggregator's own database (keys and saga log) on a fresh test database, opened before and dropped after the suite. */
export function useCheckoutLog(): CheckoutLog {
  const log = {} as CheckoutLog;
  before(async () => {
    log.db = await openDatabase({ url: await testDatabaseUrl('aggregator'), dataDir: '', service: 'aggregator' });
    await runMigrations(log.db, migrations);
    log.keys = new IdempotencyStore(log.db);
    log.sagas = new SagaLog(log.db, log.keys);
  });
  after(async () => {
    await log.db?.close();
    await dropTestDatabases();
  });
  return log;
}
