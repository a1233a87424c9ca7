import { expect } from 'chai';
import { withTransaction } from '@agora/db';
import { contractClient, dropTestDatabases, waitFor } from '@agora/test-kit';
import { startInventory, stockOf, type InventoryUnderTest } from './inventory-under-test.js';

const SPEC = 'api-docs/inventory.yaml';
const deadlineIn = (ms: number) => ({ 'x-agora-deadline': String(Date.now() + ms) });

describe('inventory: nothing is reserved or changed for a caller whose deadline passed', function () {
  this.timeout(60_000);
  let inventory: InventoryUnderTest;
  let seq = 0;
  const orderId = () => `deadline-order-${process.pid}-${++seq}`;
  before(async () => {
    // No skew: the test decides exactly when a deadline has passed.
    inventory = await startInventory({ DEADLINE_SKEW_MS: '0' });
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  const internal = () => contractClient(inventory.url, SPEC);
  const product = async (stock: number) =>
    (
      (await inventory
        .as('deadline-seller', 'seller')
        .post('seller/products', { json: { title: 'Lamp', price: 100, stock } })) as any
    ).body.id as string;

  it('refuses a reservation that arrives after its deadline with 503 and takes no stock', async () => {
    const [id, productId] = [orderId(), await product(5)];
    const res = await internal().put<any>(`internal/reservations/${id}`, {
      json: { items: [{ productId, quantity: 2 }] },
      headers: deadlineIn(-1_000),
    });
    expect([res.statusCode, res.body.code]).to.deep.equal([503, 'service_unavailable']);
    expect((await internal().get(`internal/reservations/${id}`)).statusCode).to.equal(404);
    expect(await stockOf(inventory.db, productId)).to.equal(5);
    const inTime = await internal().put<any>(`internal/reservations/${id}`, {
      json: { items: [{ productId, quantity: 2 }] },
      headers: deadlineIn(30_000),
    });
    expect(inTime.statusCode, 'the same reservation in time').to.equal(200);
    expect(await stockOf(inventory.db, productId)).to.equal(3);
  });

  it('rolls a reservation back when its deadline passes while it waits for the stock', async () => {
    const [id, productId] = [orderId(), await product(5)];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    // Another writer holds the product (MariaDB: its row; SQLite: the write lock) until the deadline passed.
    const holder = withTransaction(inventory.db, async (t) => {
      await inventory.db.query('UPDATE products SET stock = stock WHERE id = ?', {
        replacements: [productId],
        transaction: t,
      });
      locked();
      await released;
    });
    await lockTaken;
    const headers = deadlineIn(1_500);
    const reserving = internal().put<any>(`internal/reservations/${id}`, {
      json: { items: [{ productId, quantity: 2 }] },
      headers,
    });
    await waitFor(() => Date.now() > Number(headers['x-agora-deadline']), {
      timeoutMs: 5_000,
      what: 'the deadline to pass',
    });
    release();
    await holder;
    const res = await reserving;
    expect([res.statusCode, res.body.code]).to.deep.equal([503, 'service_unavailable']);
    expect((await internal().get(`internal/reservations/${id}`)).statusCode).to.equal(404);
    expect(await stockOf(inventory.db, productId)).to.equal(5);
  });

  it('leaves the cart as it was when a change arrives after its deadline', async () => {
    const productId = await product(5);
    const buyer = contractClient(inventory.url, SPEC, {
      'x-agora-user-id': 'deadline-buyer',
      'x-agora-user-role': 'buyer',
    });
    expect((await buyer.put(`cart/items/${productId}`, { json: { quantity: 1 } })).statusCode).to.equal(200);
    const late = await buyer.put<any>(`cart/items/${productId}`, {
      json: { quantity: 3 },
      headers: deadlineIn(-1_000),
    });
    expect([late.statusCode, late.body.code]).to.deep.equal([503, 'service_unavailable']);
    const cart = await buyer.get<any>('cart');
    expect(cart.body.items.map((item: any) => [item.productId, item.quantity])).to.deep.equal([[productId, 1]]);
  });
});
