import type Koa from 'koa';
import type { Logger } from '@agora/logger';
import { openDatabase, runMigrations } from '@agora/db';
import type { AuthConfig } from './config.js';
import { migrations } from './data-access/migrations/index.js';
import { buildApp } from './app.js';

export interface RunningService {
  app: Koa<any>;
  /** Stops background jobs and closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates it, and builds the app: what index.ts and tests share. */
export async function startAuthService(config: AuthConfig, log: Logger): Promise<RunningService> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.AGORA_DATA_DIR, service: 'auth' });
  await runMigrations(db, migrations);
  const app = buildApp({ config, log, db });
  return {
    app,
    stop: async () => {
      await db.close();
    },
  };
}
