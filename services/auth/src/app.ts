import { fileURLToPath } from 'node:url';
import { createApp, OpenApiSpec } from '@agora/koa-kit';
import type { Logger } from '@agora/logger';
import type { Database } from '@agora/db';
import type { AuthConfig } from './config.js';

const spec = OpenApiSpec.fromFile(fileURLToPath(new URL('../../../api-docs/auth.yaml', import.meta.url)));

export function buildApp(deps: { config: AuthConfig; log: Logger; db: Database }) {
  return createApp({
    log: deps.log,
    spec,
    trustIdentityHeaders: true,
    isReady: async () => {
      await deps.db.authenticate();
      return true;
    },
    routers: [],
  });
}
