import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@agora/logger';
import { listen } from '@agora/koa-kit';
import { LogCollector, contractClient, testDatabaseUrl, type TestHttp } from '@agora/test-kit';
import { loadAuthConfig } from '../src/config.js';
import { startAuthService } from '../src/service.js';

/** Every response of the service under test must match its internal spec. */
const SPEC = 'api-docs/auth.yaml';

export const ADMIN = { email: 'admin@agora.test', password: 'admin-password-1' };

export interface AuthUnderTest {
  url: string;
  /** The service's metrics registry (what METRICS_PORT serves). */
  metrics: Awaited<ReturnType<typeof startAuthService>>['metrics'];
  http: TestHttp;
  logs: LogCollector;
  databaseUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The auth service in-process on port 0 against a fresh database, its logs collected. */
export async function startAuth(env: Record<string, string> = {}): Promise<AuthUnderTest> {
  const databaseUrl = env.DATABASE_URL ?? (await testDatabaseUrl('auth'));
  const dataDir = env.AGORA_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'agora-auth-data-'));
  const config = loadAuthConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    AGORA_ADMIN_EMAIL: ADMIN.email,
    AGORA_ADMIN_PASSWORD: ADMIN.password,
    // Nothing listens on port 9: a test that deletes an account without its own stand-ins
    // never sends the erasure to a process of some other run (or of `npm start`).
    AGGREGATOR_URL: 'http://127.0.0.1:9',
    INVENTORY_URL: 'http://127.0.0.1:9',
    ORDERS_URL: 'http://127.0.0.1:9',
    PAYMENTS_URL: 'http://127.0.0.1:9',
    ...env,
    DATABASE_URL: databaseUrl,
    AGORA_DATA_DIR: dataDir,
  });
  const logs = new LogCollector();
  const service = await startAuthService(
    config,
    createLogger({ service: 'auth', level: config.LOG_LEVEL, stdout: logs }),
  );
  const listening = await listen(service.app, { port: 0, host: '127.0.0.1' });
  return {
    url: listening.url,
    metrics: service.metrics,
    http: contractClient(listening.url, SPEC),
    logs,
    databaseUrl,
    dataDir,
    stop: async () => {
      await listening.close();
      await service.stop();
    },
  };
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.com`;
}

export interface SessionBody {
  user: { id: string; email: string; name: string; role: 'buyer' | 'seller' | 'admin'; createdAt: string };
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

export async function signup(
  http: TestHttp,
  overrides: Record<string, unknown> = {},
): Promise<SessionBody & { password: string }> {
  const password = (overrides.password as string) ?? 'correct-horse-battery';
  const res = await http.post<SessionBody>('auth/signup', {
    json: { email: uniqueEmail(), name: 'Test User', password, ...overrides },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${JSON.stringify(res.body)}`);
  return { ...res.body, password };
}

export async function login(http: TestHttp, email: string, password: string): Promise<SessionBody> {
  const res = await http.post<SessionBody>('auth/login', { json: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The identity headers the aggregator sets after verifying a token. */
export function as(user: { id: string; role: string }): Record<string, string> {
  return { 'x-agora-user-id': user.id, 'x-agora-user-role': user.role };
}
