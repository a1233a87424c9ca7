import { fileURLToPath } from 'node:url';
import { createApp, OpenApiSpec, type ProcessMetrics } from '@agora/koa-kit';
import type { Logger } from '@agora/logger';
import { databaseReady, type Database } from '@agora/db';
import type { AddressBook } from './domain/addresses.js';
import type { OrderBook } from './domain/orders.js';
import type { Fulfilment } from './domain/shipments.js';
import type { UserErasure } from './domain/erasure.js';
import { addressRoutes } from './api/addresses.js';
import { orderRoutes } from './api/orders.js';
import { salesRoutes } from './api/sales.js';
import { internalOrderRoutes } from './api/internal-orders.js';
import { erasureRoutes } from './api/erasures.js';
import type { operations } from './api/generated/orders.js';

export const spec = OpenApiSpec.fromFile<operations>(
  fileURLToPath(new URL('../../../api-docs/orders.yaml', import.meta.url)),
);

export interface OrdersDeps {
  metrics?: ProcessMetrics;
  log: Logger;
  /** config DEADLINE_SKEW_MS: how late past a caller's deadline this service still works for it. */
  deadlineSkewMs: number;
  db: Database;
  addresses: AddressBook;
  orders: OrderBook;
  fulfilment: Fulfilment;
  erasure: UserErasure;
}

export function buildApp(deps: OrdersDeps) {
  return createApp({
    log: deps.log,
    metrics: deps.metrics,
    spec,
    trustIdentityHeaders: true,
    deadlineSkewMs: deps.deadlineSkewMs,
    isReady: databaseReady(deps.db),
    routers: [
      addressRoutes(spec, deps.addresses),
      orderRoutes(spec, deps.orders),
      salesRoutes(spec, deps.fulfilment),
      internalOrderRoutes(spec, deps.orders),
      erasureRoutes(spec, deps.erasure),
    ],
  });
}
