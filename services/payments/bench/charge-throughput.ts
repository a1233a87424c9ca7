/**
 * Charge throughput with distinct keys: starts the payments process on a fresh
 * database (MariaDB with AGORA_TEST_DB=mysql) and drives POST /internal/charges with
 * autocannon for a bounded time. Run: npx tsx --conditions=development services/payments/bench/charge-throughput.ts
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { dropTestDatabases, startProcess, testDatabaseUrl } from '@agora/test-kit';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

const payments = await startProcess('payments', {
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATABASE_URL: await testDatabaseUrl('payments'),
  PROCESSOR_LATENCY_MS: '0',
});
try {
  const result = await autocannon({
    url: `${payments.url}/internal/charges`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const orderId = randomUUID();
          return {
            ...request,
            headers: { ...request.headers, 'idempotency-key': `bench-${orderId}` },
            body: JSON.stringify({
              orderId,
              buyerId: 'bench-buyer',
              amount: 2500,
              currency: 'EUR',
              paymentMethod: 'pm_card_visa',
              shipments: [{ shipmentId: randomUUID(), sellerId: 'bench-seller', subtotal: 2500 }],
            }),
          };
        },
      },
    ],
  });
  console.log(
    JSON.stringify({
      connections: CONNECTIONS,
      seconds: DURATION_S,
      requests: result.requests.total,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    }),
  );
} finally {
  await payments.stop();
  await dropTestDatabases();
}
