import { fileURLToPath } from 'node:url';
import { createApp, OpenApiSpec, type ProcessMetrics } from '@agora/koa-kit';
import type { Logger } from '@agora/logger';
import { databaseReady, type Database } from '@agora/db';
import type { Catalog } from './domain/catalog.js';
import type { SellerProducts } from './domain/seller-products.js';
import type { Carts } from './domain/cart.js';
import type { CartPurchases } from './domain/cart-purchase.js';
import type { StockReservations } from './domain/reservation.js';
import type { UserErasure } from './domain/erasure.js';
import { catalogRoutes } from './api/catalog.js';
import { sellerProductRoutes } from './api/seller-products.js';
import { cartRoutes } from './api/cart.js';
import { cartPurchaseRoutes } from './api/cart-purchases.js';
import { reservationRoutes } from './api/reservations.js';
import { erasureRoutes } from './api/erasures.js';
import type { operations } from './api/generated/inventory.js';

const spec = OpenApiSpec.fromFile<operations>(
  fileURLToPath(new URL('../../../api-docs/inventory.yaml', import.meta.url)),
);

export interface InventoryDeps {
  metrics?: ProcessMetrics;
  log: Logger;
  /** config DEADLINE_SKEW_MS: how late past a caller's deadline this service still works for it. */
  deadlineSkewMs: number;
  db: Database;
  catalog: Catalog;
  sellerProducts: SellerProducts;
  carts: Carts;
  cartPurchases: CartPurchases;
  reservations: StockReservations;
  erasure: UserErasure;
}

export function buildApp(deps: InventoryDeps) {
  return createApp({
    log: deps.log,
    metrics: deps.metrics,
    spec,
    trustIdentityHeaders: true,
    deadlineSkewMs: deps.deadlineSkewMs,
    isReady: databaseReady(deps.db),
    routers: [
      catalogRoutes(spec, deps.catalog),
      sellerProductRoutes(spec, deps.sellerProducts),
      cartRoutes(spec, deps.carts),
      cartPurchaseRoutes(spec, deps.cartPurchases),
      reservationRoutes(spec, deps.reservations),
      erasureRoutes(spec, deps.erasure),
    ],
  });
}
