import type Koa from 'koa';
import type { Logger } from '@agora/logger';
import { openDatabase, runMigrations, databaseReady, poolStats } from '@agora/db';
import { processorLatencyMs, type PaymentsConfig } from './config.js';
import { migrations } from './data-access/migrations/index.js';
import { idempotencyKeyTable } from './data-access/idempotency-keys.js';
import { SimulatedProcessor } from './domain/simulated-processor.js';
import { withDeadline, type PaymentProcessor } from './domain/processor.js';
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
export async function startPaymentsService(config: PaymentsConfig, log: Logger, options: { processor?: PaymentProcessor } = {}): Promise<RunningService> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'payments' });
  await runMigrations(db, migrations);
  const keys = idempotencyKeyTable(db);
  const processor = withDeadline(options.processor ?? new SimulatedProcessor(processorLatencyMs(config)), config.PROCESSOR_TIMEOUT_MS);
  const metrics = processMetrics();
  observeDatabase(metrics, { isUp: databaseReady(db), pool: poolStats(db) });
  const app = buildApp({ metrics, config, log, db, keys, processor });
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
