import type Koa from 'koa';
import type { Logger } from '@agora/logger';
import { inTransaction, openDatabase, runMigrations, databaseReady, poolStats } from '@agora/db';
import type { InventoryConfig } from './config.js';
import { migrations } from './data-access/migrations/index.js';
import { defineModels } from './data-access/models.js';
import { ProductRepository } from './data-access/product-repository.js';
import { catalogSearch } from './data-access/catalog-search.js';
import { categoryCounts } from './data-access/category-counts.js';
import { searchIndex } from './data-access/search-index.js';
import { CartRepository } from './data-access/cart-repository.js';
import { ReservationRepository } from './data-access/reservation-repository.js';
import { ErasureRepository } from './data-access/erasure-repository.js';
import { UserErasure } from './domain/erasure.js';
import { Catalog } from './domain/catalog.js';
import { SellerProducts } from './domain/seller-products.js';
import { Carts } from './domain/cart.js';
import { CartPurchases } from './domain/cart-purchase.js';
import { StockReservations } from './domain/reservation.js';
import { startReservationSweeper } from './jobs/reservation-sweeper.js';
import { startCartPurchasePurge } from './jobs/cart-purchase-purge.js';
import { seedDemoCatalog } from './seed/demo-catalog.js';
import { buildApp } from './app.js';
import { observeDatabase, processMetrics, type ProcessMetrics } from '@agora/koa-kit';

export interface RunningService {
  app: Koa<any>;
  /** What METRICS_PORT serves (index.ts). */
  metrics: ProcessMetrics;
  /** Stops background jobs and closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates it, builds the app and starts the background jobs: what index.ts and tests share. */
export async function startInventoryService(config: InventoryConfig, log: Logger): Promise<RunningService> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'inventory' });
  await runMigrations(db, migrations);
  const models = defineModels(db);
  if (config.DEMO_CATALOG_SELLER_IDS.length > 0) {
    await seedDemoCatalog(
      db,
      { sellerIds: config.DEMO_CATALOG_SELLER_IDS, products: config.DEMO_CATALOG_PRODUCTS },
      log,
    );
  }
  const transaction = inTransaction(db);
  const counts = categoryCounts(db);
  const search = await searchIndex(db);
  const products = new ProductRepository(db, models, counts, search);
  const carts = new CartRepository(db, models);
  const cartPurchases = new CartPurchases(transaction, carts, config.CART_PURCHASE_RETENTION_SECONDS * 1000);
  const reservations = new StockReservations(
    transaction,
    new ReservationRepository(db),
    products,
    cartPurchases,
    config.RESERVATION_TTL_SECONDS,
  );
  const metrics = processMetrics();
  observeDatabase(metrics, { isUp: databaseReady(db), pool: poolStats(db) });
  const app = buildApp({
    metrics,
    log,
    deadlineSkewMs: config.DEADLINE_SKEW_MS,
    db,
    catalog: new Catalog(catalogSearch(db, search, counts), products),
    sellerProducts: new SellerProducts(products, config.AGORA_CURRENCIES),
    carts: new Carts(transaction, carts, products),
    cartPurchases,
    reservations,
    erasure: new UserErasure(new ErasureRepository(db, models, counts)),
  });
  const sweeper = startReservationSweeper(reservations, config.RESERVATION_SWEEP_INTERVAL_MS, log);
  const purge = startCartPurchasePurge(cartPurchases, config.CART_PURCHASE_PURGE_INTERVAL_MS, log);
  return {
    app,
    metrics,
    stop: async () => {
      await sweeper.stop();
      await purge.stop();
      await db.close();
    },
  };
}
