import type Koa from 'koa';
import type { Logger } from '@agora/logger';
import { openDatabase, runMigrations } from '@agora/db';
import type { AggregatorConfig } from './config.js';
import { migrations } from './data-access/migrations/index.js';
import { createServiceClients } from './data-access/service-clients.js';
import { AccessTokenVerifier, type Jwks } from './domain/access-tokens.js';
import { buildApp } from './app.js';

export interface RunningAggregator {
  app: Koa<any>;
  stop(): Promise<void>;
}

export async function startAggregator(config: AggregatorConfig, log: Logger): Promise<RunningAggregator> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'aggregator' });
  await runMigrations(db, migrations);
  const clients = createServiceClients(config);
  const verifier = new AccessTokenVerifier(() => clients.auth.call<Jwks>({ path: '/.well-known/jwks.json' }), {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const app = buildApp({ config, log, db, clients, verifier });
  return {
    app,
    stop: async () => {
      await db.close();
    },
  };
}
