import { expect } from 'chai';
import { dropTestDatabases, waitFor } from '@agora/test-kit';
import { startInventory, stockOf, type InventoryUnderTest } from './inventory-under-test.js';

describe('inventory: stock reservations', function () {
  this.timeout(60_000);
  let inventory: InventoryUnderTest;
  /** A second instance whose reservations expire after a second, so the long concurrency tests are not swept meanwhile. */
  let shortLived: InventoryUnderTest;
  let orderSeq = 0;
  const orderId = () => `order-${process.pid}-${++orderSeq}`;
  before(async () => {
    inventory = await startInventory();
    shortLived = await startInventory({ RESERVATION_TTL_SECONDS: '1', RESERVATION_SWEEP_INTERVAL_MS: '100' });
  });
  after(async () => {
    await inventory.stop();
    await shortLived.stop();
    await dropTestDatabases();
  });

  const product = async (stock: number, target = inventory) =>
    (
      (await target
        .as('stock-seller', 'seller')
        .post('seller/products', { json: { title: 'Widget', price: 100, stock } })) as any
    ).body.id as string;
  const reserve = (id: string, items: object[], target = inventory) =>
    target.anonymous.put(`internal/reservations/${id}`, { json: { items } }) as Promise<any>;
  const post = (path: string, target = inventory) => target.anonymous.post(path) as Promise<any>;

  it('reserves every line at once and takes the stock', async () => {
    const [a, b] = [await product(5), await product(3)];
    const id = orderId();
    const res = await reserve(id, [
      { productId: a, quantity: 2 },
      { productId: b, quantity: 3 },
    ]);
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.include({ orderId: id, status: 'reserved' });
    expect(Date.parse(res.body.expiresAt)).to.be.greaterThan(Date.now());
    expect(await stockOf(inventory.db, a)).to.equal(3);
    expect(await stockOf(inventory.db, b)).to.equal(0);
    expect(((await inventory.anonymous.get(`internal/reservations/${id}`)) as any).body.items).to.have.deep.members([
      { productId: a, quantity: 2 },
      { productId: b, quantity: 3 },
    ]);
  });

  it('takes nothing when one line is short, and names the product', async () => {
    const [a, b] = [await product(5), await product(1)];
    const res = await reserve(orderId(), [
      { productId: a, quantity: 2 },
      { productId: b, quantity: 2 },
    ]);
    expect(res.statusCode).to.equal(409);
    expect(res.body.code).to.equal('insufficient_stock');
    expect(JSON.stringify(res.body.errors)).to.contain(b).and.not.contain(a);
    expect(await stockOf(inventory.db, a)).to.equal(5);
    expect(await stockOf(inventory.db, b)).to.equal(1);
  });

  it('404s an unknown or archived product and takes nothing', async () => {
    const [a, b] = [await product(5), await product(5)];
    await inventory.as('stock-seller', 'seller').delete(`seller/products/${b}`);
    expect(
      (
        await reserve(orderId(), [
          { productId: a, quantity: 1 },
          { productId: 'nope', quantity: 1 },
        ])
      ).statusCode,
    ).to.equal(404);
    expect(
      (
        await reserve(orderId(), [
          { productId: a, quantity: 1 },
          { productId: b, quantity: 1 },
        ])
      ).statusCode,
    ).to.equal(404);
    expect(await stockOf(inventory.db, a)).to.equal(5);
  });

  it('sells the last 10 units to exactly 10 of 100 concurrent checkouts, never below zero', async () => {
    const id = await product(10);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => reserve(orderId(), [{ productId: id, quantity: 1 }])),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).to.have.length(10);
    expect(
      statuses.filter((s) => s === 409),
      JSON.stringify(results.filter((r) => r.statusCode !== 200 && r.statusCode !== 409).map((r) => r.body)),
    ).to.have.length(90);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.body.code === 'insufficient_stock')).to.equal(
      true,
    );
    expect(await stockOf(inventory.db, id)).to.equal(0);
  });

  it('reserves once for a repeated orderId, even concurrently', async () => {
    const a = await product(10);
    const id = orderId();
    const results = await Promise.all(Array.from({ length: 5 }, () => reserve(id, [{ productId: a, quantity: 3 }])));
    expect(results.map((r) => r.statusCode)).to.deep.equal([200, 200, 200, 200, 200]);
    expect(await stockOf(inventory.db, a)).to.equal(7);
  });

  it('releases exactly once and refuses to reserve a released order again', async () => {
    const a = await product(4);
    const id = orderId();
    await reserve(id, [{ productId: a, quantity: 3 }]);
    const released = await post(`internal/reservations/${id}/release`);
    expect(released.statusCode).to.equal(200);
    expect(released.body.status).to.equal('released');
    expect((await post(`internal/reservations/${id}/release`)).statusCode).to.equal(200);
    expect(await stockOf(inventory.db, a)).to.equal(4);
    const again = await reserve(id, [{ productId: a, quantity: 1 }]);
    expect(again.statusCode).to.equal(409);
    expect(again.body.code).to.equal('invalid_state');
    expect((await post(`internal/reservations/${id}/confirm`)).statusCode).to.equal(409);
  });

  it('confirms idempotently, and a release after confirm restocks once', async () => {
    const a = await product(6);
    const id = orderId();
    await reserve(id, [{ productId: a, quantity: 2 }]);
    for (let i = 0; i < 2; i++) {
      const confirmed = await post(`internal/reservations/${id}/confirm`);
      expect(confirmed.statusCode).to.equal(200);
      expect(confirmed.body.status).to.equal('confirmed');
    }
    expect(await stockOf(inventory.db, a)).to.equal(4);
    await Promise.all([post(`internal/reservations/${id}/release`), post(`internal/reservations/${id}/release`)]);
    expect(await stockOf(inventory.db, a)).to.equal(6);
  });

  it('records a release of an unknown order so a late reserve is refused', async () => {
    const a = await product(2);
    const id = orderId();
    const released = await post(`internal/reservations/${id}/release`);
    expect(released.statusCode).to.equal(200);
    expect(released.body).to.include({ orderId: id, status: 'released' });
    expect((await reserve(id, [{ productId: a, quantity: 1 }])).body.code).to.equal('invalid_state');
    expect(await stockOf(inventory.db, a)).to.equal(2);
  });

  it('404s confirm and get of an unknown order', async () => {
    expect((await post(`internal/reservations/${orderId()}/confirm`)).statusCode).to.equal(404);
    expect((await inventory.anonymous.get(`internal/reservations/${orderId()}`)).statusCode).to.equal(404);
  });

  it('returns the stock of an expired, unconfirmed reservation through the sweeper', async () => {
    const [a, b] = [await product(5, shortLived), await product(5, shortLived)];
    const expiring = orderId();
    const confirmed = orderId();
    await reserve(expiring, [{ productId: a, quantity: 2 }], shortLived);
    await reserve(confirmed, [{ productId: b, quantity: 2 }], shortLived);
    await post(`internal/reservations/${confirmed}/confirm`, shortLived);
    expect(await stockOf(shortLived.db, a)).to.equal(3);
    await waitFor(
      async () =>
        ((await shortLived.anonymous.get(`internal/reservations/${expiring}`)) as any).body.status === 'released',
      {
        timeoutMs: 10_000,
        what: 'the sweeper to release the reservation',
      },
    );
    expect(await stockOf(shortLived.db, a)).to.equal(5);
    expect(((await shortLived.anonymous.get(`internal/reservations/${confirmed}`)) as any).body.status).to.equal(
      'confirmed',
    );
    expect(await stockOf(shortLived.db, b)).to.equal(3);
  });

  it('validates the reservation body', async () => {
    const a = await product(1);
    for (const items of [[], [{ productId: a, quantity: 0 }], [{ productId: a }]]) {
      expect((await reserve(orderId(), items)).statusCode, JSON.stringify(items)).to.equal(400);
    }
  });
});
