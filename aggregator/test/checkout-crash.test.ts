import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { openDatabase, QueryTypes } from '@agora/db';
import {
  dropTestDatabases,
  httpClient,
  startSystem,
  type ProcessHandle,
  type SystemHandle,
  type TestHttp,
} from '@agora/test-kit';
import { orderIdFor } from '../src/domain/checkout/order-id.js';
import { createProduct, settingUp, signUp, type Account } from './support/marketplace.js';
import { newKey, runWave, type Fault, type WaveBuyer } from './support/checkout-wave.js';

const BUYERS = 60;
const STOCK = 12;
/** A key's attempts looked at: a key runs again only after an outage backed its attempt out. */
const ATTEMPTS_CHECKED = 20;
const WAVE_TIMEOUT_MS = 60_000;

interface OrderView {
  id: string;
  status: string;
  items: Array<{ productId: string; quantity: number }>;
  shipments: Array<{ sellerId: string; items: Array<{ lineTotal: number }> }>;
}

const fee = (subtotal: number) => Math.floor((subtotal * 1000 + 5000) / 10000);

/**
 * Exactly-once checkout through crashes and pauses (real processes, each started on its
 * own, so one crash leaves the others running). Each round: 60 buyers check out at once,
 * contesting the stock of four products, some with a declined card, each retrying with
 * its Idempotency-Key until it gets a final answer, while one process is killed
 * (SIGKILL, then restarted) or frozen (SIGSTOP for 3 s) mid-wave. Then the invariants.
 */
describe('checkout under crashes and pauses (real processes, SIGKILL and SIGSTOP mid-wave)', function () {
  this.timeout(180_000);
  let system: SystemHandle;
  let api: TestHttp;
  let sellers: Account[];
  let buyers: Account[];
  /** Each seller's pending balance as the paid shipments of every round add up. */
  const expectedPending = new Map<string, number>();
  const summary: string[] = [];

  before(async () => {
    system = await startSystem({ env: { LOG_LEVEL: 'warn' }, deadlines: 'production' });
    api = httpClient(system.url);
    sellers = [await signUp(api, 'seller'), await signUp(api, 'seller')];
    buyers = [];
    // A few at a time: password hashing is slow on purpose, and a signup has the 2 s deadline.
    for (let i = 0; i < BUYERS; i += 3)
      buyers.push(...(await Promise.all(Array.from({ length: 3 }, () => settingUp(() => signUp(api))))));
  });
  after(async () => {
    if (summary.length) console.log(`\n      crash rounds:\n${summary.map((line) => `        ${line}`).join('\n')}`);
    await system?.stop();
    await dropTestDatabases();
  });

  const kill =
    (name: string): Fault['inject'] =>
    async () => {
      const target = system.processes[name as keyof SystemHandle['processes']] as ProcessHandle;
      await target.kill();
      await target.restart();
    };
  const freeze =
    (name: string): Fault['inject'] =>
    async () => {
      const target = system.processes[name as keyof SystemHandle['processes']] as ProcessHandle;
      target.signal('SIGSTOP');
      await sleep(3_000);
      target.signal('SIGCONT');
    };

  // Inventory and orders fail once the first buyer has an answer, so the other 59 checkouts are in flight on a fast
  // machine too; payments fails as the wave starts, since only the checkouts that got their stock reach it, early.
  const rounds: Fault[] = [
    { name: 'aggregator SIGKILL as the wave starts', delayMs: 300, after: 0, inject: kill('aggregator') },
    { name: 'aggregator SIGKILL while sagas finish', delayMs: 0, after: 30, inject: kill('aggregator') },
    { name: 'inventory SIGKILL mid-wave', delayMs: 0, after: 1, inject: kill('inventory') },
    { name: 'orders SIGKILL mid-wave', delayMs: 0, after: 1, inject: kill('orders') },
    { name: 'payments SIGKILL as the wave starts', delayMs: 100, after: 0, inject: kill('payments') },
    { name: 'payments SIGSTOP 3 s as the wave starts', delayMs: 100, after: 0, inject: freeze('payments') },
    { name: 'inventory SIGSTOP 3 s mid-wave', delayMs: 0, after: 1, inject: freeze('inventory') },
  ];

  for (const fault of rounds) {
    it(`keeps every invariant through: ${fault.name}`, async () => {
      const products = await Promise.all(
        [1999, 2550, 999, 4321].map((price, i) =>
          settingUp(() =>
            createProduct(api, sellers[i % 2], { price, stock: STOCK, title: `Crash ${fault.name} ${i}` }),
          ),
        ),
      );
      const wave: WaveBuyer[] = buyers.map((account, i) => ({
        account,
        key: newKey(),
        lines: [
          { productId: products[i % 4].id, quantity: 1 + (i % 3) },
          ...(i % 2 === 0 ? [{ productId: products[(i + 1) % 4].id, quantity: 1 }] : []),
        ],
        paymentMethod: i % 10 === 3 ? 'pm_card_declined' : 'pm_card_visa',
        statuses: [],
      }));
      for (let i = 0; i < wave.length; i += 6)
        await Promise.all(wave.slice(i, i + 6).map((b) => settingUp(() => fillCart(b))));

      const started = Date.now();
      const { settledAfterBackMs } = await runWave(api, wave, fault, WAVE_TIMEOUT_MS);
      const settledMs = Date.now() - started;

      // No key stuck: every buyer got a final answer, and nothing is left running.
      expect(
        wave.filter((b) => !b.final).map((b) => b.statuses.slice(-3)),
        'buyers without a final answer',
      ).to.deep.equal([]);
      expect(await unfinishedInAggregator()).to.deep.equal({ keysInProgress: 0, sagasUnfinished: 0 });
      // No 5xx but 503 (0: no answer while the aggregator was down).
      const statuses = new Set(wave.flatMap((b) => b.statuses));
      expect(
        [...statuses].filter((s) => ![0, 201, 402, 409, 503].includes(s)),
        'unexpected statuses',
      ).to.deep.equal([]);
      for (const b of wave) expect([201, 402, 409], JSON.stringify(b.final)).to.include(b.final!.status);

      const sold = new Map<string, number>();
      for (const buyer of wave) {
        const orders = await ordersOfKey(buyer);
        const paid = orders.filter((o) => o.status === 'paid');
        expect(
          orders.map((o) => o.status).filter((s) => !['paid', 'payment_failed', 'cancelled'].includes(s)),
          'order statuses',
        ).to.deep.equal([]);
        expect(paid.length, 'paid orders per key').to.be.at.most(1);
        const captured = (await paymentsOf(orders.map((o) => o.id))).filter(
          (p) => p.status === 'captured' || p.status === 'partially_refunded',
        );
        expect(captured.length, 'captured payments per key').to.be.at.most(1);
        const cart = await cartOf(buyer.account);
        if (buyer.final!.status === 201) {
          expect(paid.map((o) => o.id)).to.deep.equal([buyer.final!.body.id]);
          expect(captured.map((p) => p.orderId)).to.deep.equal([buyer.final!.body.id]);
          expect(
            cart.filter((i) => buyer.lines.some((l) => l.productId === i.productId)),
            'bought lines left in the cart',
          ).to.deep.equal([]);
          for (const item of paid[0].items) sold.set(item.productId, (sold.get(item.productId) ?? 0) + item.quantity);
          for (const shipment of paid[0].shipments) {
            const subtotal = shipment.items.reduce((sum, i) => sum + i.lineTotal, 0);
            expectedPending.set(
              shipment.sellerId,
              (expectedPending.get(shipment.sellerId) ?? 0) + subtotal - fee(subtotal),
            );
          }
        } else {
          expect(paid, 'a refused buyer has no paid order').to.deep.equal([]);
          expect(captured, 'a refused buyer has no capture left unrefunded').to.deep.equal([]);
          expect(
            cart.map((i) => ({ productId: i.productId, quantity: i.quantity })).sort(byProduct),
            'a refused buyer keeps the cart',
          ).to.deep.equal([...buyer.lines].sort(byProduct));
        }
      }
      // Stock conservation: units sold + stock left = initial stock, per product.
      for (const product of products)
        expect((sold.get(product.id) ?? 0) + (await stockOf(product.id)), `stock of ${product.id}`).to.equal(STOCK);
      // The ledger: each seller's pending balance is their paid shipments less the platform fee.
      for (const seller of sellers)
        expect(await pendingOf(seller), 'seller pending balance').to.equal(expectedPending.get(seller.id) ?? 0);

      const count = (status: number) => wave.filter((b) => b.final!.status === status).length;
      const retried = wave.filter((b) => b.statuses.length > 1).length;
      expect(retried, 'buyers whose checkout the fault interrupted').to.be.greaterThan(0);
      summary.push(
        `${fault.name}: ${count(201)} paid, ${count(402)} declined, ${count(409)} out of stock, ${retried} buyers retried, all final in ${settledMs} ms, ${settledAfterBackMs} ms after the process was back`,
      );
    });
  }

  async function fillCart(buyer: WaveBuyer) {
    expect((await api.delete('api/v1/cart', { headers: buyer.account.auth })).statusCode).to.equal(204);
    for (const line of buyer.lines) {
      const res = await api.put(`api/v1/cart/items/${line.productId}`, {
        headers: buyer.account.auth,
        json: { quantity: line.quantity },
      });
      expect(res.statusCode, JSON.stringify(res.body)).to.equal(200);
    }
  }

  async function ordersOfKey(buyer: WaveBuyer): Promise<OrderView[]> {
    const ids = new Set(
      Array.from({ length: ATTEMPTS_CHECKED }, (_, attempt) => orderIdFor(buyer.account.id, buyer.key, attempt)),
    );
    const res = await api.get('api/v1/orders', { headers: buyer.account.auth, searchParams: { limit: 100 } });
    expect(res.statusCode).to.equal(200);
    return (res.body as unknown as { items: OrderView[] }).items.filter((o) => ids.has(o.id));
  }

  async function paymentsOf(orderIds: string[]): Promise<Array<{ orderId: string; status: string }>> {
    if (orderIds.length === 0) return [];
    const res = await httpClient(system.processes.payments!.url).get('internal/payments', {
      searchParams: { orderIds: orderIds.join(',') },
    });
    expect(res.statusCode).to.equal(200);
    return (res.body as unknown as { items: Array<{ orderId: string; status: string }> }).items;
  }

  async function cartOf(buyer: Account): Promise<Array<{ productId: string; quantity: number }>> {
    const res = await api.get('api/v1/cart', { headers: buyer.auth });
    expect(res.statusCode).to.equal(200);
    return (res.body as unknown as { items: Array<{ productId: string; quantity: number }> }).items;
  }

  async function stockOf(productId: string): Promise<number> {
    const res = await api.get(`api/v1/products/${productId}`);
    expect(res.statusCode).to.equal(200);
    return (res.body as unknown as { stock: number }).stock;
  }

  async function pendingOf(seller: Account): Promise<number> {
    const res = await api.get('api/v1/seller/balance', { headers: seller.auth });
    expect(res.statusCode).to.equal(200);
    return (
      (res.body as unknown as { items: Array<{ currency: string; pending: number }> }).items.find(
        (i) => i.currency === 'EUR',
      )?.pending ?? 0
    );
  }

  async function unfinishedInAggregator() {
    const db = await openDatabase({
      url: system.aggregator.env.DATABASE_URL,
      dataDir: system.dataDir,
      service: 'aggregator',
    });
    try {
      const [keys] = await db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM idempotency_keys WHERE state = 'in_progress'",
        { type: QueryTypes.SELECT },
      );
      const [sagas] = await db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM sagas WHERE state IN ('running', 'compensating')",
        { type: QueryTypes.SELECT },
      );
      return { keysInProgress: Number(keys.n), sagasUnfinished: Number(sagas.n) };
    } finally {
      await db.close();
    }
  }
});

const byProduct = (a: { productId: string }, b: { productId: string }) =>
  a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
