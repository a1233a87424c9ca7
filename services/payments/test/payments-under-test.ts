import { randomUUID } from 'node:crypto';
import { createLogger } from '@agora/logger';
import { listen, type Listening } from '@agora/koa-kit';
import { openDatabase, QueryTypes, type Database } from '@agora/db';
import { LogCollector, contractClient, dropTestDatabases, testDatabaseUrl, type TestHttp } from '@agora/test-kit';
import { loadPaymentsConfig } from '../src/config.js';
import { startPaymentsService, type RunningService } from '../src/service.js';
import type { PaymentProcessor } from '../src/domain/processor.js';

/** Every response of the service under test must match its internal spec. */
const SPEC = 'api-docs/payments.yaml';

/** The payments service in-process on port 0 against a fresh database, plus a db handle for assertions. */
export interface PaymentsUnderTest {
  url: string;
  http: TestHttp;
  db: Database;
  logs: LogCollector;
  stop(): Promise<void>;
}

export async function startPayments(
  env: Record<string, string> = {},
  options: { processor?: PaymentProcessor } = {},
): Promise<PaymentsUnderTest> {
  const url = await testDatabaseUrl('payments');
  const config = loadPaymentsConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: url, ...env });
  const logs = new LogCollector();
  const service: RunningService = await startPaymentsService(
    config,
    createLogger({ service: 'payments', level: config.LOG_LEVEL, stdout: logs }),
    options,
  );
  const listening: Listening = await listen(service.app, { port: 0, host: '127.0.0.1' });
  const db = await openDatabase({ url, dataDir: '', service: 'payments' });
  return {
    url: listening.url,
    http: contractClient(listening.url, SPEC),
    db,
    logs,
    stop: async () => {
      await listening.close();
      await service.stop();
      await db.close();
      await dropTestDatabases();
    },
  };
}

export const key = () => `key-${randomUUID()}`;

export function chargeBody(
  overrides: Record<string, unknown> = {},
  shipments = [{ sellerId: `seller-${randomUUID()}`, subtotal: 2500 }],
) {
  const withIds = shipments.map((s) => ({ shipmentId: randomUUID(), ...s }));
  return {
    orderId: randomUUID(),
    buyerId: 'buyer-1',
    amount: withIds.reduce((sum, s) => sum + s.subtotal, 0),
    currency: 'EUR',
    paymentMethod: 'pm_card_visa',
    shipments: withIds,
    ...overrides,
  };
}

export const sellerHeaders = (sellerId: string) => ({ 'x-agora-user-id': sellerId, 'x-agora-user-role': 'seller' });

/** Ledger transactions whose entries do not sum to zero (there must be none). */
export async function unbalancedTransactions(db: Database): Promise<unknown[]> {
  return db.query(
    'SELECT transaction_id, SUM(amount) AS total FROM ledger_entries GROUP BY transaction_id HAVING SUM(amount) <> 0',
    { type: QueryTypes.SELECT },
  );
}
