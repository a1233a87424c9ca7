import type Koa from 'koa';
import type { Logger } from '@agora/logger';
import { inTransaction, openDatabase, runMigrations, databaseReady, poolStats } from '@agora/db';
import type { OrdersConfig } from './config.js';
import { migrations } from './data-access/migrations/index.js';
import { defineModels } from './data-access/models.js';
import { AddressRepository } from './data-access/address-repository.js';
import { OrderRepository } from './data-access/order-repository.js';
import { ShipmentRepository } from './data-access/shipment-repository.js';
import { DeliveryReportRepository } from './data-access/delivery-report-repository.js';
import { paymentsLedger } from './data-access/payments-client.js';
import { ErasureRepository } from './data-access/erasure-repository.js';
import { UserErasure } from './domain/erasure.js';
import { AddressBook } from './domain/addresses.js';
import { OrderBook } from './domain/orders.js';
import { Fulfilment } from './domain/shipments.js';
import { startDeliveryReporter } from './jobs/delivery-reporter.js';
import { buildApp } from './app.js';
import { observeDatabase, observeOutboxes, processMetrics, type ProcessMetrics } from '@agora/koa-kit';

export interface RunningService {
  app: Koa<any>;
  /** What METRICS_PORT serves (index.ts). */
  metrics: ProcessMetrics;
  /** Stops background jobs and closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates it, builds the app and starts the delivery reporter. */
export async function startOrdersService(config: OrdersConfig, log: Logger): Promise<RunningService> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'orders' });
  await runMigrations(db, migrations);
  const models = defineModels(db);
  const transaction = inTransaction(db);
  const orderRepository = new OrderRepository(db);
  const shipmentRepository = new ShipmentRepository(db, models);
  const deliveryReports = new DeliveryReportRepository(models);
  const reporter = startDeliveryReporter(
    deliveryReports,
    paymentsLedger({ baseUrl: config.PAYMENTS_URL, timeoutMs: config.PAYMENTS_TIMEOUT_MS }),
    log,
    {
      intervalMs: config.DELIVERY_REPORT_INTERVAL_MS,
      backoffMs: config.DELIVERY_REPORT_BACKOFF_MS,
      maxBackoffMs: config.DELIVERY_REPORT_MAX_BACKOFF_MS,
    },
  );
  const metrics = processMetrics();
  observeDatabase(metrics, { isUp: databaseReady(db), pool: poolStats(db) });
  observeOutboxes(metrics, { delivery_reports: () => deliveryReports.backlog() });
  const app = buildApp({
    metrics,
    log,
    deadlineSkewMs: config.DEADLINE_SKEW_MS,
    db,
    addresses: new AddressBook(new AddressRepository(models)),
    orders: new OrderBook(transaction, orderRepository, shipmentRepository),
    fulfilment: new Fulfilment(transaction, orderRepository, shipmentRepository, deliveryReports),
    erasure: new UserErasure(transaction, new ErasureRepository(models)),
  });
  return {
    app,
    metrics,
    stop: async () => {
      await reporter.stop();
      await db.close();
    },
  };
}
