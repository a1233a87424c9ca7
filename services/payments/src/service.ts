import type Koa from 'koa';
import type { Logger } from '@agora/logger';
import { openDatabase, runMigrations, databaseReady, poolStats } from '@agora/db';
import { processorLatencyMs, type PaymentsConfig } from './config.js';
import { migrations } from './data-access/migrations/index.js';
import { IdempotencyKeyRepository } from './data-access/idempotency-key-repository.js';
import { PaymentRepository } from './data-access/payment-repository.js';
import { RefundRepository } from './data-access/refund-repository.js';
import { DeliveryRepository } from './data-access/delivery-repository.js';
import { LedgerRepository } from './data-access/ledger-repository.js';
import { ErasureRepository } from './data-access/erasure-repository.js';
import { SimulatedProcessor } from './domain/simulated-processor.js';
import { withDeadline, type PaymentProcessor } from './domain/processor.js';
import { IdempotentRequests, stillHeld } from './domain/idempotent-request.js';
import { Charges } from './domain/charges.js';
import { Refunds } from './domain/refunds.js';
import { PaymentLookup } from './domain/payment-lookup.js';
import { Deliveries } from './domain/deliveries.js';
import { SellerBalances } from './domain/seller-balance.js';
import { UserErasure } from './domain/erasure.js';
import { startIdempotencyKeyPurge } from './jobs/idempotency-key-purge.js';
import { buildApp } from './app.js';
import { observeDatabase, processMetrics, type ProcessMetrics } from '@agora/koa-kit';

export interface RunningService {
  app: Koa<any>;
  /** What METRICS_PORT serves (index.ts). */
  metrics: ProcessMetrics;
  /** Stops background jobs and closes the database. */
  stop(): Promise<void>;
}

/**
 * Opens the database, migrates it, and builds the app: what index.ts and tests share.
 * Tests may pass their own processor; otherwise the simulated one is used.
 */
export async function startPaymentsService(
  config: PaymentsConfig,
  log: Logger,
  options: { processor?: PaymentProcessor } = {},
): Promise<RunningService> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'payments' });
  await runMigrations(db, migrations);
  const keys = new IdempotencyKeyRepository(db);
  const processor = withDeadline(
    options.processor ?? new SimulatedProcessor(processorLatencyMs(config)),
    config.PROCESSOR_TIMEOUT_MS,
  );
  const metrics = processMetrics();
  observeDatabase(metrics, { isUp: databaseReady(db), pool: poolStats(db) });
  const now = () => new Date();
  const payments = new PaymentRepository(db, keys);
  const app = buildApp({
    metrics,
    log,
    deadlineSkewMs: config.DEADLINE_SKEW_MS,
    db,
    idempotent: new IdempotentRequests(keys, config.IDEMPOTENCY_LOCK_SECONDS * 1000, now),
    processor,
    charges: new Charges({
      payments,
      processor,
      claims: { stillHeld: (claim) => stillHeld(keys, claim) },
      feeBps: config.AGORA_PLATFORM_FEE_BPS,
      now,
    }),
    refunds: new Refunds({ payments, refunds: new RefundRepository(db, keys), keys, processor, now }),
    payments: new PaymentLookup(payments),
    deliveries: new Deliveries(new DeliveryRepository(db)),
    balances: new SellerBalances(new LedgerRepository(db)),
    erasure: new UserErasure(new ErasureRepository(db)),
  });
  const purge = startIdempotencyKeyPurge(keys, {
    retentionHours: config.IDEMPOTENCY_RETENTION_HOURS,
    intervalSeconds: config.IDEMPOTENCY_PURGE_INTERVAL_SECONDS,
    log,
  });
  return {
    app,
    metrics,
    stop: async () => {
      await purge.stop();
      await db.close();
    },
  };
}
