import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { orderIdFor } from '../src/domain/checkout/order-id.js';
import {
  cartOf,
  checkout,
  createProduct,
  ordersOf,
  putInCart,
  signUp,
  stockOf,
  type Account,
} from './support/marketplace.js';

/**
 * A checkout whose charge sits in a frozen payments process is answered 503 by the
 * aggregator at its deadline. When payments thaws, it refuses that queued charge (its
 * caller gave up), so nothing is captured for a caller that is not waiting; the saga then
 * sends the charge again under the same key, and the buyer's retry gets the paid order.
 */
describe('checkout with payments frozen (real processes, SIGSTOP): the queued charge is refused, the retry is charged once', function () {
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
        aggregator: { SAGA_RECOVERY_INTERVAL_MS: '200', INTERNAL_TIMEOUT_MS: '3000', REQUEST_DEADLINE_MS: '3000' },
      },
    });
    api = httpClient(system.url);
    seller = await signUp(api, 'seller');
  });
  after(async () => {
    if (system?.processes.payments?.running()) system.processes.payments.signal('SIGCONT');
    await system?.stop();
    await dropTestDatabases();
  });

  /** The statuses payments answered POST /internal/charges with, in order. */
  const chargeAnswers = () =>
    system.processes
      .payments!.output.map(
        (line) => JSON.parse(line) as { event?: string; method?: string; path?: string; status?: number },
      )
      .filter((entry) => entry.event === 'request' && entry.method === 'POST' && entry.path === '/internal/charges')
      .map((entry) => entry.status);

  it('answers 503; payments, thawed, refuses the queued charge; the retry with the same key gets the order, charged once', async () => {
    const product = await createProduct(api, seller, { stock: 5 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 2);
    const key = randomUUID();
    const payments = system.processes.payments!;
    const handledBefore = chargeAnswers().length;
    payments.signal('SIGSTOP');
    let res;
    try {
      res = await checkout(api, buyer, key);
      // Frozen on past the caller's deadline and the skew payments allows (250 ms), as a longer pause would be.
      await sleep(1_000);
    } finally {
      payments.signal('SIGCONT');
    }
    expect([res.statusCode, (res.body as any).code]).to.deep.equal([503, 'service_unavailable']);
    await waitFor(() => chargeAnswers().length > handledBefore, {
      timeoutMs: 10_000,
      what: 'payments to handle the queued charge',
    });
    expect(chargeAnswers()[handledBefore], 'the queued charge, whose caller gave up').to.equal(503);

    const final = await waitFor(
      async () => {
        const retry = await checkout(api, buyer, key);
        return retry.statusCode === 503 || (retry.body as any).code === 'idempotency_key_in_use' ? undefined : retry;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'the final answer' },
    );
    expect([final.statusCode, (final.body as any).status]).to.deep.equal([201, 'paid']);
    const paid = await httpClient(payments.url).get<{ items: Array<{ status: string }> }>('internal/payments', {
      searchParams: { orderIds: orderIdFor(buyer.id, key) },
    });
    expect(paid.body.items.map((p) => p.status)).to.deep.equal(['captured']);
    expect(await stockOf(api, product.id)).to.equal(3);
    expect((await cartOf(api, buyer)).items).to.deep.equal([]);
    expect((await ordersOf(api, buyer)).map((o) => o.status)).to.deep.equal(['paid']);
  });
});
