import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { orderIdFor } from '../src/domain/checkout/order-id.js';
import { cartOf, checkout, createProduct, ordersOf, putInCart, signUp, stockOf, type Account } from './support/marketplace.js';

/**
 * Issue 16, "checkout answers exactly once": a checkout whose charge sits in a frozen payments
 * process is answered 503 by the aggregator at its deadline; the charge it sent must not be
 * captured when payments thaws, since the buyer was told nothing was charged.
 */
describe('checkout with payments frozen (real processes, SIGSTOP): the charge is never captured after the 503', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let seller: Account;

  before(async () => {
    system = await startSystem({
      env: { LOG_LEVEL: 'warn' },
      envOf: {
        // Every request of payments in its log, so the test sees when the queued charge was handled.
        payments: { LOG_LEVEL: 'info' },
        aggregator: { SAGA_LEASE_MS: '2500', SAGA_RECOVERY_INTERVAL_MS: '200', INTERNAL_TIMEOUT_MS: '3000', REQUEST_DEADLINE_MS: '3000' },
      },
      readyTimeoutMs: 90_000,
    });
    api = httpClient(system.url);
    seller = await signUp(api, 'seller');
  });
  after(async () => {
    if (system?.processes.payments?.running()) system.processes.payments.signal('SIGCONT');
    await system?.stop();
    await dropTestDatabases();
  });

  const chargesHandled = () =>
    system.processes.payments!.output.filter((line) => {
      const entry = JSON.parse(line) as { event?: string; method?: string; path?: string };
      return entry.event === 'request' && entry.method === 'POST' && entry.path === '/internal/charges';
    }).length;

  it('answers 503, then payments, thawed, refuses the queued charge: no payment, stock and cart as they were', async () => {
    const product = await createProduct(api, seller, { stock: 5 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 2);
    const key = randomUUID();
    const payments = system.processes.payments!;
    const handledBefore = chargesHandled();
    payments.signal('SIGSTOP');
    let res;
    try {
      res = await checkout(api, buyer, key);
    } finally {
      payments.signal('SIGCONT');
    }
    expect([res.statusCode, (res.body as any).code]).to.deep.equal([503, 'service_unavailable']);
    await waitFor(() => chargesHandled() > handledBefore, { timeoutMs: 10_000, what: 'payments to handle the queued charge' });
    const paid = await httpClient(payments.url).get<{ items: unknown[] }>('internal/payments', { searchParams: { orderIds: orderIdFor(buyer.id, key) } });
    expect(paid.body.items, 'nothing captured, not even to be refunded later').to.deep.equal([]);
    await waitFor(async () => (await ordersOf(api, buyer))[0]?.status === 'payment_failed', { timeoutMs: 20_000, what: 'the saga to compensate' });
    expect(await stockOf(api, product.id)).to.equal(5);
    expect((await cartOf(api, buyer)).items.map((i) => i.quantity)).to.deep.equal([2]);
  });
});
