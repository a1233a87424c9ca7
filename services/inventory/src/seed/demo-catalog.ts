import type { Database } from '@agora/db';
import type { Logger } from '@agora/logger';
import { seedCatalog } from './seed-catalog.js';

/** On a first start (an empty catalog), fills in a small demo catalog so `npm start` has something to browse. */
export async function seedDemoCatalog(
  db: Database,
  options: { sellerIds: string[]; products: number },
  log: Logger,
): Promise<void> {
  const [rows] = await db.query('SELECT COUNT(*) AS n FROM products');
  if (Number((rows as Array<{ n: number }>)[0].n) > 0) return;
  const added = await seedCatalog(db, { sellerIds: options.sellerIds, products: options.products, seed: 42 });
  log.info({ event: 'demo_catalog_seeded', products: added }, 'seeded the demo catalog');
}
