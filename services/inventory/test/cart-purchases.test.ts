import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from '@agora/db';
import { dropTestDatabases, waitFor } from '@agora/test-kit';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

describe("inventory: taking an order's purchase out of the cart (PUT /internal/carts/{buyerId}/purchases/{orderId})", function () {
  this.timeout(60_000);
  let inventory: InventoryUnderTest;
  let mug: string, plate: string, cup: string;
  before(async () => {
    inventory = await startInventory();
    const seller = inventory.as('purchase-seller', 'seller');
    const create = async (title: string) =>
      ((await seller.post('seller/products', { json: { title, price: 500, stock: 20 } })) as any).body.id as string;
    [mug, plate, cup] = [await create('Mug'), await create('Plate'), await create('Cup')];
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  const purchase = (buyerId: string, orderId: string, items: object[], target = inventory) =>
    target.anonymous.put(`internal/carts/${buyerId}/purchases/${orderId}`, { json: { items } }) as Promise<any>;
  const fill = async (buyerId: string, lines: Array<[string, number]>, target = inventory) => {
    for (const [productId, quantity] of lines)
      expect((await target.as(buyerId).put(`cart/items/${productId}`, { json: { quantity } })).statusCode).to.equal(
        200,
      );
  };
  const cartLines = async (buyerId: string, target = inventory) =>
    ((await target.as(buyerId).get('cart')) as any).body.items.map((item: any) => [item.productId, item.quantity]);
  const purchaseRows = (target = inventory) =>
    target.db.query<{ order_id: string; buyer_id: string }>(
      'SELECT order_id, buyer_id FROM cart_purchases ORDER BY order_id',
      { type: QueryTypes.SELECT },
    );

  it('subtracts the bought quantities, removes lines that reach 0, and keeps the rest of the cart', async () => {
    const buyer = randomUUID();
    await fill(buyer, [
      [mug, 3],
      [plate, 2],
      [cup, 1],
    ]);
    const res = await purchase(buyer, randomUUID(), [
      { productId: mug, quantity: 2 },
      { productId: plate, quantity: 2 },
    ]);
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(204);
    expect(await cartLines(buyer)).to.deep.equal([
      [mug, 1],
      [cup, 1],
    ]);
  });

  it('removes a line that now holds less than was bought', async () => {
    const buyer = randomUUID();
    await fill(buyer, [
      [mug, 1],
      [plate, 4],
    ]);
    expect((await purchase(buyer, randomUUID(), [{ productId: mug, quantity: 3 }])).statusCode).to.equal(204);
    expect(await cartLines(buyer)).to.deep.equal([[plate, 4]]);
  });

  it('adds up repeated lines of one product', async () => {
    const buyer = randomUUID();
    await fill(buyer, [[mug, 5]]);
    expect(
      (
        await purchase(buyer, randomUUID(), [
          { productId: mug, quantity: 1 },
          { productId: mug, quantity: 2 },
        ])
      ).statusCode,
    ).to.equal(204);
    expect(await cartLines(buyer)).to.deep.equal([[mug, 2]]);
  });

  it('skips products that are not in the cart, unknown or archived ones included', async () => {
    const buyer = randomUUID();
    const seller = inventory.as('purchase-seller', 'seller');
    const gone = ((await seller.post('seller/products', { json: { title: 'Gone', price: 100, stock: 5 } })) as any).body
      .id as string;
    await fill(buyer, [
      [gone, 2],
      [plate, 1],
    ]);
    expect((await seller.delete(`seller/products/${gone}`)).statusCode).to.equal(204);
    const res = await purchase(buyer, randomUUID(), [
      { productId: gone, quantity: 2 },
      { productId: cup, quantity: 1 },
      { productId: 'no-such-product', quantity: 1 },
    ]);
    expect(res.statusCode).to.equal(204);
    expect(await cartLines(buyer)).to.deep.equal([[plate, 1]]);
    const [row] = await inventory.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM cart_items WHERE user_id = ?', {
      replacements: [buyer],
      type: QueryTypes.SELECT,
    });
    expect(Number(row!.n), "the archived product's line is gone too").to.equal(1);
  });

  it('takes an order out once: a repeat answers 204 and keeps what the buyer added since', async () => {
    const buyer = randomUUID();
    const orderId = randomUUID();
    const bought = [{ productId: mug, quantity: 2 }];
    await fill(buyer, [[mug, 2]]);
    expect((await purchase(buyer, orderId, bought)).statusCode).to.equal(204);
    expect(await cartLines(buyer)).to.deep.equal([]);
    await fill(buyer, [
      [mug, 2],
      [cup, 1],
    ]);
    const repeat = await purchase(buyer, orderId, bought);
    expect(repeat.statusCode).to.equal(204);
    expect(await cartLines(buyer)).to.deep.equal([
      [mug, 2],
      [cup, 1],
    ]);
  });

  it('takes an order out once when the same call arrives several times at once', async () => {
    const buyer = randomUUID();
    const orderId = randomUUID();
    await fill(buyer, [[mug, 10]]);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => purchase(buyer, orderId, [{ productId: mug, quantity: 3 }])),
    );
    expect(results.map((r) => r.statusCode)).to.deep.equal([204, 204, 204, 204, 204]);
    expect(await cartLines(buyer)).to.deep.equal([[mug, 7]]);
  });

  it("touches only the named buyer's cart", async () => {
    const [buyer, other] = [randomUUID(), randomUUID()];
    await fill(buyer, [[mug, 2]]);
    await fill(other, [
      [mug, 2],
      [plate, 1],
    ]);
    expect(
      (
        await purchase(buyer, randomUUID(), [
          { productId: mug, quantity: 2 },
          { productId: plate, quantity: 1 },
        ])
      ).statusCode,
    ).to.equal(204);
    expect(await cartLines(buyer)).to.deep.equal([]);
    expect(await cartLines(other)).to.deep.equal([
      [mug, 2],
      [plate, 1],
    ]);
  });

  it("refuses an order id already taken out of another buyer's cart, and changes nothing", async () => {
    const [buyer, other] = [randomUUID(), randomUUID()];
    const orderId = randomUUID();
    await fill(buyer, [[mug, 2]]);
    await fill(other, [[mug, 2]]);
    expect((await purchase(buyer, orderId, [{ productId: mug, quantity: 1 }])).statusCode).to.equal(204);
    const res = await purchase(other, orderId, [{ productId: mug, quantity: 1 }]);
    expect([res.statusCode, res.body.code]).to.deep.equal([409, 'conflict']);
    expect(await cartLines(other)).to.deep.equal([[mug, 2]]);
    expect((await purchaseRows()).filter((row) => row.order_id === orderId)).to.deep.equal([
      { order_id: orderId, buyer_id: buyer },
    ]);
  });

  it('400s a body without lines, a quantity below 1, an unknown property or no body, and changes nothing', async () => {
    const buyer = randomUUID();
    await fill(buyer, [[mug, 2]]);
    const url = `internal/carts/${buyer}/purchases/${randomUUID()}`;
    const bodies = [
      { items: [] },
      { items: [{ productId: mug, quantity: 0 }] },
      { items: [{ productId: mug, quantity: 1, price: 5 }] },
      { items: [{ productId: mug }] },
      {},
    ];
    for (const json of bodies) {
      const res: any = await inventory.anonymous.put(url, { json });
      expect([res.statusCode, res.body.code], JSON.stringify(json)).to.deep.equal([400, 'validation_failed']);
    }
    expect(((await inventory.anonymous.put(url)) as any).statusCode).to.equal(400);
    const tooLong: any = await purchase(buyer, 'o'.repeat(65), [{ productId: mug, quantity: 1 }]);
    expect(tooLong.statusCode).to.equal(400);
    expect(await cartLines(buyer)).to.deep.equal([[mug, 2]]);
    expect((await purchaseRows()).filter((row) => row.buyer_id === buyer)).to.deep.equal([]);
  });

  it('is forgotten when the buyer is erased, and records nothing for an erased buyer', async () => {
    const buyer = randomUUID();
    await fill(buyer, [[mug, 2]]);
    expect((await purchase(buyer, randomUUID(), [{ productId: mug, quantity: 1 }])).statusCode).to.equal(204);
    expect((await purchaseRows()).filter((row) => row.buyer_id === buyer)).to.have.length(1);
    expect((await inventory.anonymous.post(`internal/erasures/${buyer}`)).statusCode).to.equal(200);
    expect((await purchaseRows()).filter((row) => row.buyer_id === buyer)).to.deep.equal([]);
    expect((await purchase(buyer, randomUUID(), [{ productId: mug, quantity: 1 }])).statusCode).to.equal(204);
    expect((await purchaseRows()).filter((row) => row.buyer_id === buyer)).to.deep.equal([]);
  });

  it('forgets orders older than CART_PURCHASE_RETENTION_SECONDS and keeps younger ones', async () => {
    const purging = await startInventory({
      CART_PURCHASE_RETENTION_SECONDS: '3600',
      CART_PURCHASE_PURGE_INTERVAL_MS: '100',
    });
    try {
      const [old, fresh] = [randomUUID(), randomUUID()];
      await purging.db.query('INSERT INTO cart_purchases (order_id, buyer_id, created_at) VALUES (?, ?, ?)', {
        replacements: [old, 'old-buyer', new Date(Date.now() - 2 * 3_600_000)],
      });
      expect((await purchase('fresh-buyer', fresh, [{ productId: 'any', quantity: 1 }], purging)).statusCode).to.equal(
        204,
      );
      await waitFor(async () => !(await purchaseRows(purging)).some((row) => row.order_id === old), {
        timeoutMs: 5_000,
        what: 'the old order to be purged',
      });
      expect((await purchaseRows(purging)).map((row) => row.order_id)).to.deep.equal([fresh]);
    } finally {
      await purging.stop();
    }
  });
});
