import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { openDatabase, QueryTypes } from '@agora/db';
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
 * Crashes mid-saga. The simulated processor takes 1 s per charge, so a test can kill a
 * process while the charge is in flight; the saga lease (derived from the 6 s deadline)
 * outlives any charge, so no one judges a charge that is still running.
 */
describe('checkout recovery after a crash (real processes, SIGKILL)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let seller: Account;

  before(async () => {
    system = await startSystem({
      env: { LOG_LEVEL: 'warn' },
      envOf: {
        payments: { PROCESSOR_LATENCY_MS: '1000' },
        aggregator: { SAGA_RECOVERY_INTERVAL_MS: '200', INTERNAL_TIMEOUT_MS: '3000', REQUEST_DEADLINE_MS: '6000' },
      },
    });
    api = httpClient(system.url);
    seller = await signUp(api, 'seller');
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  async function reservationOf(orderId: string) {
    const res = await httpClient(system.processes.inventory!.url).get(`internal/reservations/${orderId}`);
    return res.statusCode === 200 ? (res.body as unknown as { status: string }).status : null;
  }

  async function paymentsOf(orderId: string) {
    const res = await httpClient(system.processes.payments!.url).get('internal/payments', {
      searchParams: { orderIds: orderId },
    });
    expect(res.statusCode).to.equal(200);
    return (res.body as unknown as { items: Array<{ status: string }> }).items;
  }

  /** Payments records a charge's key before it calls the (1 s) processor: a new in-progress key is a charge in flight. */
  async function chargesInProgress(): Promise<number> {
    const db = await openDatabase({
      url: system.processes.payments!.env.DATABASE_URL,
      dataDir: system.dataDir,
      service: 'payments',
    });
    try {
      const [row] = await db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM idempotency_keys WHERE state = 'in_progress'",
        { type: QueryTypes.SELECT },
      );
      return Number(row.n);
    } finally {
      await db.close();
    }
  }

  /** Retries with the same key, as a client that follows Retry-After would, until the answer is final. */
  async function finalAnswerOf(buyer: Account, key: string) {
    return waitFor(
      async () => {
        const res = await checkout(api, buyer, key);
        return res.statusCode === 503 || (res.body as any)?.code === 'idempotency_key_in_use' ? undefined : res;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the final answer of the checkout' },
    );
  }

  it('payments killed during the charge: a 503 that is not stored, then the same key gets the paid order once payments is back', async () => {
    const product = await createProduct(api, seller, { stock: 5 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 2);
    const key = randomUUID();
    const orderId = orderIdFor(buyer.id, key);

    const before = await chargesInProgress();
    const pending = checkout(api, buyer, key);
    await waitFor(async () => (await chargesInProgress()) > before, { what: 'payments to start the charge' });
    await system.processes.payments!.kill();
    const res = await pending;
    expect(res.statusCode).to.equal(503);
    expect((res.body as any).code).to.equal('service_unavailable');
    expect(Number(res.headers['retry-after'])).to.be.greaterThan(0);
    // The charge's outcome is unknown: the stock stays with the order until payments tells.
    expect(await reservationOf(orderId)).to.equal('reserved');

    await system.processes.payments!.restart();
    const final = await finalAnswerOf(buyer, key);
    expect(final.statusCode).to.equal(201);
    expect((final.body as any).id).to.equal(orderId);
    expect((final.body as any).status).to.equal('paid');
    expect((await paymentsOf(orderId)).filter((p) => p.status === 'captured')).to.have.length(1);
    expect(await stockOf(api, product.id)).to.equal(3);
    expect((await cartOf(api, buyer)).items).to.deep.equal([]);
    expect((await checkout(api, buyer, key)).body).to.deep.equal(final.body);
  });

  it('payments down before the charge: 503, stock and cart unchanged, retries refused at once, and the same key checks out once payments is back', async () => {
    const product = await createProduct(api, seller, { stock: 5 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 2);
    const key = randomUUID();
    await system.processes.payments!.stop();
    try {
      const res = await checkout(api, buyer, key);
      // Payments just refused a connection: for a second, retries are refused before anything is recorded.
      const retries = [await checkout(api, buyer, key), await checkout(api, buyer, key)];
      expect([res, ...retries].map((r) => [r.statusCode, r.headers['retry-after']])).to.deep.equal([
        [503, '1'],
        [503, '1'],
        [503, '1'],
      ]);
      expect(await stockOf(api, product.id)).to.equal(5);
      expect((await cartOf(api, buyer)).items.map((i) => i.quantity)).to.deep.equal([2]);
      expect(await reservationOf(orderIdFor(buyer.id, key))).to.equal('released');
      expect((await ordersOf(api, buyer)).map((o) => o.status)).to.deep.equal(['payment_failed']);
    } finally {
      await system.processes.payments!.restart();
    }
    const final = await finalAnswerOf(buyer, key);
    expect(final.statusCode).to.equal(201);
    // The backed-out attempt keeps its payment_failed order; the retry was a later attempt of the key, a new order.
    const attempts = Array.from({ length: 20 }, (_, attempt) => orderIdFor(buyer.id, key, attempt));
    expect(attempts.slice(1)).to.include((final.body as any).id);
    expect((await ordersOf(api, buyer)).map((o) => o.status).sort()).to.deep.equal(['paid', 'payment_failed']);
    expect(await stockOf(api, product.id)).to.equal(3);
    expect((await paymentsOf((final.body as any).id)).filter((p) => p.status === 'captured')).to.have.length(1);
  });

  it('aggregator killed while the charge is in flight: after restart the recovery job completes the paid order', async () => {
    const product = await createProduct(api, seller, { stock: 5, price: 1234 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 3);
    const key = randomUUID();
    const orderId = orderIdFor(buyer.id, key);

    const before = await chargesInProgress();
    const pending = checkout(api, buyer, key).catch(() => undefined);
    await waitFor(async () => (await chargesInProgress()) > before, { what: 'payments to start the charge' });
    await system.aggregator.kill();
    await pending;
    await system.aggregator.restart();

    // The saga's last step marks the order paid and confirms the purchase at inventory together: either lands first.
    await waitFor(
      async () => (await ordersOf(api, buyer))[0]?.status === 'paid' && (await reservationOf(orderId)) === 'confirmed',
      { timeoutMs: 20_000, what: 'recovery to mark the order paid and confirm the purchase' },
    );
    expect(await stockOf(api, product.id)).to.equal(2);
    expect((await cartOf(api, buyer)).items).to.deep.equal([]);
    expect((await paymentsOf(orderId)).filter((p) => p.status === 'captured')).to.have.length(1);

    const replay = await waitFor(
      async () => {
        const res = await checkout(api, buyer, key);
        return res.statusCode === 201 ? res : undefined;
      },
      { what: 'the stored answer' },
    );
    expect((replay.body as any).id).to.equal(orderId);
    expect((replay.body as any).status).to.equal('paid');
  });

  it('answers a key that an earlier version left in progress behind its completed saga (the recovery job rebuilds the 201)', async () => {
    const product = await createProduct(api, seller, { stock: 5 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 1);
    const key = randomUUID();
    const first = await checkout(api, buyer, key);
    expect(first.statusCode).to.equal(201);

    const db = await openDatabase({
      url: system.aggregator.env.DATABASE_URL,
      dataDir: system.dataDir,
      service: 'aggregator',
    });
    try {
      await db.query(
        "UPDATE idempotency_keys SET state = 'in_progress', response_status = NULL, response_body = NULL WHERE user_id = ? AND idempotency_key = ?",
        {
          replacements: [buyer.id, key],
        },
      );
    } finally {
      await db.close();
    }
    const final = await finalAnswerOf(buyer, key);
    expect(final.statusCode).to.equal(201);
    expect(final.body).to.deep.equal(first.body);
    expect((await ordersOf(api, buyer)).map((o) => o.status)).to.deep.equal(['paid']);
  });

  it('orders hung after the charge: what the buyer put in the cart meanwhile is still there once recovery completes the order', async () => {
    const [lamp, rug] = [
      await createProduct(api, seller, { stock: 10 }),
      await createProduct(api, seller, { stock: 10 }),
    ];
    const buyer = await signUp(api);
    await putInCart(api, buyer, lamp.id, 3);
    const key = randomUUID();
    const orderId = orderIdFor(buyer.id, key);

    const before = await chargesInProgress();
    const orders = system.processes.orders!;
    const pending = checkout(api, buyer, key);
    await waitFor(async () => (await chargesInProgress()) > before, { what: 'payments to start the charge' });
    // The cart was read when the checkout was planned; from here on the saga cannot mark the order paid, so it cannot reach its last step.
    orders.signal('SIGSTOP');
    try {
      await putInCart(api, buyer, lamp.id, 5);
      await putInCart(api, buyer, rug.id, 1);
      const res = await pending;
      expect([res.statusCode, (res.body as any).code]).to.deep.equal([503, 'service_unavailable']);
    } finally {
      orders.signal('SIGCONT');
    }

    const replay = await waitFor(
      async () => {
        const res = await checkout(api, buyer, key);
        return res.statusCode === 201 ? res : undefined;
      },
      { timeoutMs: 30_000, what: 'recovery to complete the order' },
    );
    expect(replay.body as any).to.include({ id: orderId, status: 'paid' });
    expect(await stockOf(api, lamp.id)).to.equal(7);
    expect((await cartOf(api, buyer)).items.map((i) => [i.productId, i.quantity])).to.deep.equal([
      [lamp.id, 2],
      [rug.id, 1],
    ]);
  });
});
