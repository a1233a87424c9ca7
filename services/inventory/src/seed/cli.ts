import { parseArgs } from 'node:util';
import { openDatabase, runMigrations } from '@agora/db';
import { loadInventoryConfig } from '../config.js';
import { migrations } from '../data-access/migrations/index.js';
import { seedCatalog } from './seed-catalog.js';

/**
 * Seeds the inventory database named by DATABASE_URL (or the default SQLite file):
 *   tsx services/inventory/src/seed/cli.ts --sellers id1,id2 --products 100000 [--seed 7]
 */
const { values } = parseArgs({
  options: {
    sellers: { type: 'string' },
    products: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
  },
});
const sellerIds = (values.sellers ?? '').split(',').filter(Boolean);
if (sellerIds.length === 0) {
  console.error('usage: cli.ts --sellers <id,id,...> [--products N] [--seed S]');
  process.exit(2);
}
const config = loadInventoryConfig();
const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'inventory' });
await runMigrations(db, migrations);
const started = Date.now();
const added = await seedCatalog(db, {
  sellerIds,
  products: Number(values.products),
  seed: Number(values.seed),
  currency: config.AGORA_CURRENCIES[0],
});
console.log(JSON.stringify({ event: 'catalog_seeded', products: added, duration_ms: Date.now() - started }));
await db.close();
