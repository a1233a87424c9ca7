import { fileURLToPath } from 'node:url';
import { createApp, OpenApiSpec, type ProcessMetrics } from '@agora/koa-kit';
import type { Logger } from '@agora/logger';
import { databaseReady, type Database } from '@agora/db';
import type { AccessTokenIssuer } from './domain/access-tokens.js';
import type { Accounts } from './domain/accounts.js';
import type { Sessions } from './domain/sessions.js';
import type { UserAdministration } from './domain/user-administration.js';
import type { Erasures } from './domain/erasure.js';
import type { UserDirectory } from './domain/user-directory.js';
import { sessionRoutes } from './api/sessions.js';
import { meRoutes } from './api/me.js';
import { adminUserRoutes } from './api/admin-users.js';
import { internalRoutes } from './api/internal.js';
import { erasureRoutes } from './api/erasures.js';
import type { operations } from './api/generated/auth.js';

export const spec = OpenApiSpec.fromFile<operations>(
  fileURLToPath(new URL('../../../api-docs/auth.yaml', import.meta.url)),
);

export interface AuthDeps {
  metrics?: ProcessMetrics;
  log: Logger;
  /** config DEADLINE_SKEW_MS: how late past a caller's deadline this service still works for it. */
  deadlineSkewMs: number;
  db: Database;
  directory: UserDirectory;
  accessTokens: AccessTokenIssuer;
  accounts: Accounts;
  sessions: Sessions;
  administration: UserAdministration;
  erasures: Erasures;
}

export function buildApp(deps: AuthDeps) {
  return createApp({
    log: deps.log,
    metrics: deps.metrics,
    spec,
    trustIdentityHeaders: true,
    deadlineSkewMs: deps.deadlineSkewMs,
    isReady: databaseReady(deps.db),
    // Every aggregator replica polls its revocation feed each second.
    quietPaths: ['/internal/revocations'],
    routers: [
      sessionRoutes(spec, deps.accounts, deps.sessions),
      meRoutes(spec, deps.accounts),
      adminUserRoutes(spec, deps.administration),
      internalRoutes(spec, deps.directory, deps.accessTokens),
      erasureRoutes(spec, deps.erasures),
    ],
  });
}
