import type Koa from 'koa';
import type { Logger } from '@agora/logger';
import { inTransaction, openDatabase, runMigrations, databaseReady, poolStats } from '@agora/db';
import type { AuthConfig } from './config.js';
import { migrations } from './data-access/migrations/index.js';
import { defineModels } from './data-access/models.js';
import { UserRepository } from './data-access/user-repository.js';
import { RefreshTokenRepository } from './data-access/refresh-token-repository.js';
import { LoginFailureRepository } from './data-access/login-failure-repository.js';
import { ErasureRepository } from './data-access/erasure-repository.js';
import { erasureEndpoints } from './data-access/erasure-endpoints.js';
import { signingKeyFile } from './data-access/signing-key-file.js';
import { Erasures } from './domain/erasure.js';
import type { ErasingService } from './domain/erasure-schedule.js';
import { loadSigningKey, loadVerificationKeys } from './domain/signing-key.js';
import { AccessTokenIssuer } from './domain/access-tokens.js';
import { Sessions } from './domain/sessions.js';
import { LoginThrottle } from './domain/login-throttle.js';
import { Accounts } from './domain/accounts.js';
import { UserAdministration } from './domain/user-administration.js';
import { UserDirectory } from './domain/user-directory.js';
import { bootstrapAdmin } from './domain/admin-bootstrap.js';
import { startErasureSender } from './jobs/erasure-sender.js';
import { buildApp } from './app.js';
import { observeDatabase, observeOutboxes, processMetrics, type ProcessMetrics } from '@agora/koa-kit';

export interface RunningService {
  app: Koa<any>;
  /** What METRICS_PORT serves (index.ts). */
  metrics: ProcessMetrics;
  /** Stops background jobs and closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates it, loads the signing key, creates the admin, builds the app and starts the erasure job: what index.ts and tests share. */
export async function startAuthService(config: AuthConfig, log: Logger): Promise<RunningService> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'auth' });
  await runMigrations(db, migrations);
  const models = defineModels(db);
  const transaction = inTransaction(db);
  const users = new UserRepository(models, db);
  const key = loadSigningKey({ pem: config.JWT_PRIVATE_KEY, store: signingKeyFile(config.AGORA_DATA_DIR) });
  const accessTokens = new AccessTokenIssuer(
    key,
    { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
    loadVerificationKeys(config.JWT_VERIFICATION_KEYS),
  );
  const sessions = new Sessions(
    transaction,
    users,
    new RefreshTokenRepository(models),
    accessTokens,
    config.REFRESH_TOKEN_TTL_SECONDS,
  );
  const erasures = new ErasureRepository(models);
  const accounts = new Accounts(
    transaction,
    users,
    sessions,
    new LoginThrottle(new LoginFailureRepository(models)),
    erasures,
    config.ERASURE_SERVICES_DELAY_MS,
  );
  const administration = new UserAdministration(users, accounts);
  await bootstrapAdmin(
    { email: config.AGORA_ADMIN_EMAIL, password: config.AGORA_ADMIN_PASSWORD },
    { users, accounts, log },
  );
  const metrics = processMetrics();
  observeDatabase(metrics, { isUp: databaseReady(db), pool: poolStats(db) });
  observeOutboxes(metrics, { erasure_deliveries: () => erasures.backlog(new Date()) });
  const app = buildApp({
    metrics,
    log,
    deadlineSkewMs: config.DEADLINE_SKEW_MS,
    db,
    directory: new UserDirectory(users, accessTokens.ttlSeconds),
    accessTokens,
    accounts,
    sessions,
    administration,
    erasures: new Erasures(erasures),
  });
  const sender = startErasureSender(
    erasures,
    erasureEndpoints({
      urls: {
        aggregator: config.AGGREGATOR_URL,
        inventory: config.INVENTORY_URL,
        orders: config.ORDERS_URL,
        payments: config.PAYMENTS_URL,
      } satisfies Record<ErasingService, string>,
      timeoutMs: config.ERASURE_TIMEOUT_MS,
    }),
    log,
    {
      intervalMs: config.ERASURE_RETRY_INTERVAL_MS,
      backoffMs: config.ERASURE_BACKOFF_MS,
      maxBackoffMs: config.ERASURE_MAX_BACKOFF_MS,
      // A call ends by its deadline; the margin covers the writes around it.
      leaseMs: config.ERASURE_TIMEOUT_MS * 2,
    },
  );
  return {
    app,
    metrics,
    stop: async () => {
      await sender.stop();
      await db.close();
    },
  };
}
