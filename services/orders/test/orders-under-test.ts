import { randomUUID } from 'node:crypto';
import { createLogger } from '@agora/logger';
import { listen, type Listening } from '@agora/koa-kit';
import { contractClient, LogCollector, testDatabaseUrl, type TestHttp } from '@agora/test-kit';
import { loadOrdersConfig } from '../src/config.js';
import { startOrdersService, type RunningService } from '../src/service.js';

/** Every response of the service under test must match its internal spec. */
const SPEC = 'api-docs/orders.yaml';

export interface OrdersUnderTest {
  /** The service's metrics registry (what METRICS_PORT serves). */
  metrics: RunningService['metrics'];
  url: string;
  logs: LogCollector;
  /** A client calling as this user (identity headers as the aggregator sets them); responses are checked against the spec. */
  as(userId: string, role?: 'buyer' | 'seller' | 'admin'): TestHttp;
  internal: TestHttp;
  stop(): Promise<void>;
}

/** The orders service in-process on port 0 against a fresh database of its own. */
export async function startOrders(env: Record<string, string> = {}): Promise<OrdersUnderTest> {
  const config = loadOrdersConfig({ DATABASE_URL: await testDatabaseUrl('orders'), LOG_LEVEL: 'warn', ...env });
  const logs = new LogCollector();
  const service: RunningService = await startOrdersService(
    config,
    createLogger({ service: 'orders', level: config.LOG_LEVEL, stdout: logs }),
  );
  const listening: Listening = await listen(service.app, { port: 0, host: '127.0.0.1' });
  return {
    url: listening.url,
    metrics: service.metrics,
    logs,
    as: (userId, role = 'buyer') =>
      contractClient(listening.url, SPEC, { 'x-agora-user-id': userId, 'x-agora-user-role': role }),
    internal: contractClient(listening.url, SPEC),
    stop: async () => {
      await listening.close();
      await service.stop();
    },
  };
}

export const ADDRESS = {
  fullName: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};

export function line(
  sellerId: string,
  overrides: Partial<{ productId: string; title: string; unitPrice: number; quantity: number }> = {},
) {
  return {
    productId: overrides.productId ?? `p-${randomUUID().slice(0, 8)}`,
    sellerId,
    title: overrides.title ?? 'Teapot',
    unitPrice: overrides.unitPrice ?? 2500,
    quantity: overrides.quantity ?? 1,
  };
}

/** Records an order through the saga's API, optionally marking it paid; returns the order body. */
export async function placeOrder(
  orders: OrdersUnderTest,
  buyerId: string,
  items: ReturnType<typeof line>[],
  options: { paid?: boolean; shippingAddress?: object } = {},
): Promise<any> {
  const id = randomUUID();
  const put = await orders.internal.put(`internal/orders/${id}`, {
    json: { buyerId, currency: 'EUR', items, shippingAddress: options.shippingAddress ?? ADDRESS },
  });
  if (put.statusCode !== 201) throw new Error(`order not placed: ${put.statusCode} ${JSON.stringify(put.body)}`);
  if (!options.paid) return put.body;
  const paid = await orders.internal.post(`internal/orders/${id}/transitions`, {
    json: { status: 'paid', paymentId: 'pay_1' },
  });
  if (paid.statusCode !== 200) throw new Error(`order not paid: ${paid.statusCode}`);
  return paid.body;
}
