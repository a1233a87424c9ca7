import type Koa from 'koa';
import type { Logger } from '@agora/logger';
import { openDatabase, runMigrations } from '@agora/db';
import { startPeriodicJob } from '@agora/jobs';
import { sagaLeaseMs, type AggregatorConfig } from './config.js';
import { migrations } from './data-access/migrations/index.js';
import { createServiceClients } from './data-access/service-clients.js';
import { AccessTokenVerifier, type Jwks } from './domain/access-tokens.js';
import { buildApp, buildInternalApp } from './app.js';
import { RevokedUsers } from './domain/revoked-users.js';
import { UserDirectory } from './data-access/user-directory.js';
import { authClient } from './data-access/auth-client.js';
import { checkoutServices } from './data-access/checkout-services.js';
import { IdempotencyStore } from './data-access/idempotency-store.js';
import { SagaLog } from './data-access/saga-log.js';
import { CheckoutSaga } from './domain/checkout/checkout-saga.js';
import { PlaceOrder } from './domain/checkout/place-order.js';
import { CancelOrder } from './domain/checkout/cancel-order.js';
import { SagaRecovery } from './domain/checkout/saga-recovery.js';
import { ErasureRepository } from './data-access/erasure-repository.js';
import { UserErasure } from './domain/erasure.js';
import { LimiterStore } from './data-access/limiter-store.js';
import { abuseLimits } from './data-access/abuse-limits.js';
import { observeDatabase, processMetrics, type ProcessMetrics } from '@agora/koa-kit';
import { databaseReady, poolStats } from '@agora/db';
import { observeUnfinishedSagas, sagaOutcomes } from './data-access/saga-metrics.js';
import { rateLimitRefusals } from './api/rate-limit-refusals.js';

export interface RunningAggregator {
  app: Koa<any>;
  /** Served on INTERNAL_PORT only. */
  internalApp: Koa<any>;
  /** What METRICS_PORT serves (index.ts). */
  metrics: ProcessMetrics;
  stop(): Promise<void>;
}

export async function startAggregator(config: AggregatorConfig, log: Logger): Promise<RunningAggregator> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'aggregator' });
  await runMigrations(db, migrations);
  const metrics = processMetrics();
  observeDatabase(metrics, { isUp: databaseReady(db), pool: poolStats(db) });
  const clients = createServiceClients(config);
  const verifier = new AccessTokenVerifier(() => clients.auth.call<Jwks>({ path: '/.well-known/jwks.json' }), {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const jwksRefresh = startPeriodicJob('jwks_refresh', () => verifier.refresh(), {
    intervalMs: config.JWKS_REFRESH_MS,
    log,
  });
  const services = checkoutServices(clients);
  const keys = new IdempotencyStore(db);
  const sagas = new SagaLog(db, keys, sagaOutcomes(metrics));
  observeUnfinishedSagas(metrics, () => sagas.unfinished());
  const leaseMs = sagaLeaseMs(config);
  const saga = new CheckoutSaga(services, sagas, leaseMs);
  const cancelOrder = new CancelOrder(services, sagas, leaseMs);
  const erasures = new ErasureRepository(db);
  const placeOrder = new PlaceOrder(services, keys, sagas, saga, erasures, leaseMs);
  const recovery = new SagaRecovery(
    { sagas, keys, checkout: saga, cancel: cancelOrder, log },
    {
      intervalMs: config.SAGA_RECOVERY_INTERVAL_MS,
      leaseMs,
      deadlineMs: config.REQUEST_DEADLINE_MS,
      keyRetentionMs: config.IDEMPOTENCY_RETENTION_HOURS * 3_600_000,
    },
  );
  recovery.start();
  const revokedUsers = new RevokedUsers(authClient(clients.auth).revocations);
  revokedUsers.start();
  const users = new UserDirectory(clients.auth, {
    ttlMs: config.USER_NAME_CACHE_MS,
    maxEntries: 50_000,
    isRevoked: (id) => revokedUsers.has(id),
  });
  const limiterStore = new LimiterStore({ redisUrl: config.REDIS_URL, keyPrefix: config.RATE_LIMIT_KEY_PREFIX, log });
  // Never a reason not to start: without Redis the limiters count in memory until it answers.
  if (!(await limiterStore.connected()))
    log.warn({ event: 'rate_limit_store_unavailable' }, 'redis not reachable; counting in memory meanwhile');
  const app = buildApp({
    config,
    log,
    metrics,
    rateLimitRefusals: rateLimitRefusals(metrics),
    db,
    clients,
    verifier,
    revokedUsers,
    users,
    checkout: { placeOrder, cancelOrder },
    ...abuseLimits(config, limiterStore),
  });
  return {
    app,
    metrics,
    internalApp: buildInternalApp({ log, metrics, db, erasure: new UserErasure(erasures) }),
    stop: async () => {
      await revokedUsers.stop();
      await jwksRefresh.stop();
      await recovery.stop();
      await limiterStore.close();
      await db.close();
    },
  };
}
