import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { openDatabase, QueryTypes } from '@agora/db';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { orderIdFor } from '../src/domain/checkout/order-id.js';
import { cartOf, checkout, createProduct, ordersOf, putInCart, signUp, stockOf, type Account } from './support/marketplace.js';

/**
 * Crashes mid-saga. The simulated processor takes 1 s per charge, so a test can kill a
 * process while the charge is in flight; the saga lease (2.5 s) outlives any charge,
 * so the recovery job never judges a charge that is still running.
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
        aggregator: { SAGA_LEASE_MS: '2500', SAGA_RECOVERY_INTERVAL_MS: '200', INTERNAL_TIMEOUT_MS: '3000', REQUEST_DEADLINE_MS: '6000' },
      },
      readyTimeoutMs: 90_000,
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
    const res = await httpClient(system.processes.payments!.url).get('internal/payments', { searchParams: { orderIds: orderId } });
    expect(res.statusCode).to.equal(200);
    return (res.body as unknown as { items: Array<{ status: string }> }).items;
  }

  /** Payments records a charge's key before it calls the (1 s) processor: a new in-progress key is a charge in flight. */
  async function chargesInProgress(): Promise<number> {
    const db = await openDatabase({ url: system.processes.payments!.env.DATABASE_URL, dataDir: system.dataDir, service: 'payments' });
    try {
      const [row] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM idempotency_keys WHERE state = 'in_progress'", { type: QueryTypes.SELECT });
      return Number(row.n);
    } finally {
      await db.close();
    }
  }

  it('payments killed during the charge: answers 503, stock and cart restored, order payment_failed, never charged', async () => {
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
    expect(await stockOf(api, product.id)).to.equal(5);
    expect((await cartOf(api, buyer)).items.map((i) => i.quantity)).to.deep.equal([2]);
    expect((await ordersOf(api, buyer)).map((o) => o.status)).to.deep.equal(['payment_failed']);

    await system.processes.payments!.restart();
    const replay = await checkout(api, buyer, key);
    expect(replay.statusCode).to.equal(503);
    expect(replay.body).to.deep.equal(res.body);
    expect((await paymentsOf(orderId)).filter((p) => p.status === 'captured')).to.have.length(0);
    expect(await reservationOf(orderId)).to.equal('released');
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

    await waitFor(async () => (await ordersOf(api, buyer))[0]?.status === 'paid', { timeoutMs: 20_000, what: 'recovery to mark the order paid' });
    expect(await reservationOf(orderId)).to.equal('confirmed');
    expect(await stockOf(api, product.id)).to.equal(2);
    expect((await cartOf(api, buyer)).items).to.deep.equal([]);
    expect((await paymentsOf(orderId)).filter((p) => p.status === 'captured')).to.have.length(1);

    const replay = await waitFor(async () => {
      const res = await checkout(api, buyer, key);
      return res.statusCode === 201 ? res : undefined;
    }, { what: 'the stored answer' });
    expect((replay.body as any).id).to.equal(orderId);
    expect((replay.body as any).status).to.equal('paid');
  });

  it('orders hung after the charge: what the buyer put in the cart meanwhile is still there once recovery completes the order', async () => {
    const [lamp, rug] = [await createProduct(api, seller, { stock: 10 }), await createProduct(api, seller, { stock: 10 })];
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

    const replay = await waitFor(async () => {
      const res = await checkout(api, buyer, key);
      return res.statusCode === 201 ? res : undefined;
    }, { timeoutMs: 30_000, what: 'recovery to complete the order' });
    expect((replay.body as any)).to.include({ id: orderId, status: 'paid' });
    expect(await stockOf(api, lamp.id)).to.equal(7);
    expect((await cartOf(api, buyer)).items.map((i) => [i.productId, i.quantity])).to.deep.equal([[lamp.id, 2], [rug.id, 1]]);
  });
});
