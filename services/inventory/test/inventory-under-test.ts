import { listen, type Listening } from '@agora/koa-kit';
import { createLogger } from '@agora/logger';
import { openDatabase, type Database } from '@agora/db';
import { LogCollector, contractClient, testDatabaseUrl, type TestHttp } from '@agora/test-kit';
import { loadInventoryConfig } from '../src/config.js';
import { startInventoryService, type RunningService } from '../src/service.js';

/** Every response of the service under test must match its internal spec. */
const SPEC = 'api-docs/inventory.yaml';

export interface InventoryUnderTest {
  url: string;
  /** Calls without an identity: the public catalog. */
  anonymous: TestHttp;
  /** Calls as this user, the way the aggregator forwards a verified caller. */
  as(userId: string, role?: 'buyer' | 'seller' | 'admin'): TestHttp;
  /** A second connection to the same database, for arranging and checking state. */
  db: Database;
  logs: LogCollector;
  stop(): Promise<void>;
}

/** The inventory service in-process on port 0 against a fresh test database. */
export async function startInventory(env: Record<string, string> = {}): Promise<InventoryUnderTest> {
  const databaseUrl = await testDatabaseUrl('inventory');
  const config = loadInventoryConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, ...env });
  const logs = new LogCollector();
  const service: RunningService = await startInventoryService(
    config,
    createLogger({ service: 'inventory', level: 'warn', stdout: logs }),
  );
  const listening: Listening = await listen(service.app, { port: 0, host: '127.0.0.1' });
  const db = await openDatabase({ url: databaseUrl, dataDir: '.', service: 'inventory' });
  return {
    url: listening.url,
    anonymous: contractClient(listening.url, SPEC),
    as: (userId, role = 'buyer') =>
      contractClient(listening.url, SPEC, { 'x-agora-user-id': userId, 'x-agora-user-role': role }),
    db,
    logs,
    stop: async () => {
      await listening.close();
      await service.stop();
      await db.close();
    },
  };
}

export async function stockOf(db: Database, productId: string): Promise<number> {
  const [rows] = await db.query('SELECT stock FROM products WHERE id = ?', { replacements: [productId] });
  return Number((rows as Array<{ stock: number }>)[0].stock);
}
