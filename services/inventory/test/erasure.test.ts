import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from '@agora/db';
import { dropTestDatabases } from '@agora/test-kit';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

describe("inventory: erasing a deleted user's data (POST /internal/erasures/{userId})", () => {
  let inventory: InventoryUnderTest;
  before(async () => {
    inventory = await startInventory();
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  const erase = (userId: string) =>
    inventory.anonymous.post<{ userId: string; erasedAt: string }>(`internal/erasures/${userId}`);
  const listProduct = async (sellerId: string, title: string) =>
    ((await inventory.as(sellerId, 'seller').post('seller/products', { json: { title, price: 900, stock: 4 } })) as any)
      .body;
  const rows = (sql: string) => inventory.db.query(sql, { type: QueryTypes.SELECT });

  it("deletes the user's cart and leaves other carts alone", async () => {
    const [buyerId, otherId] = [randomUUID(), randomUUID()];
    const product = await listProduct(randomUUID(), 'Lamp');
    for (const id of [buyerId, otherId])
      expect((await inventory.as(id).put(`cart/items/${product.id}`, { json: { quantity: 1 } })).statusCode).to.equal(
        200,
      );
    const res = await erase(buyerId);
    expect(res.statusCode).to.equal(200);
    expect(res.body.userId).to.equal(buyerId);
    expect(((await inventory.as(buyerId).get('cart')).body as any).items).to.deep.equal([]);
    expect(((await inventory.as(otherId).get('cart')).body as any).items).to.have.length(1);
  });

  it("forgets which orders were taken out of the user's cart, and leaves other buyers' records alone", async () => {
    const [buyerId, otherId] = [randomUUID(), randomUUID()];
    const product = await listProduct(randomUUID(), 'Rug');
    for (const id of [buyerId, otherId]) {
      await inventory.as(id).put(`cart/items/${product.id}`, { json: { quantity: 2 } });
      const taken = await inventory.anonymous.put(`internal/carts/${id}/purchases/${randomUUID()}`, {
        json: { items: [{ productId: product.id, quantity: 1 }] },
      });
      expect(taken.statusCode).to.equal(204);
    }
    expect((await erase(buyerId)).statusCode).to.equal(200);
    const recorded = (await rows('SELECT buyer_id FROM cart_purchases')).map((row: any) => row.buyer_id);
    expect(recorded).to.not.include(buyerId);
    expect(recorded).to.include(otherId);
  });

  it("archives a seller's listings: gone from the catalog, still readable by id and in batch lookups", async () => {
    const sellerId = randomUUID();
    const products = [await listProduct(sellerId, 'Kettle'), await listProduct(sellerId, 'Toaster')];
    expect((await erase(sellerId)).statusCode).to.equal(200);
    expect(
      ((await inventory.anonymous.get('products', { searchParams: { sellerId } })).body as any).items,
    ).to.deep.equal([]);
    for (const product of products)
      expect(((await inventory.anonymous.get(`products/${product.id}`)).body as any).status).to.equal('archived');
    const batch = (
      await inventory.anonymous.get('internal/products', { searchParams: { ids: products.map((p) => p.id).join(',') } })
    ).body as any;
    expect(batch.items.map((p: any) => p.status)).to.deep.equal(['archived', 'archived']);
  });

  it('is idempotent: a repeat answers the first erasure and changes nothing', async () => {
    const sellerId = randomUUID();
    const product = await listProduct(sellerId, 'Vase');
    await inventory.as(sellerId).put(`cart/items/${product.id}`, { json: { quantity: 2 } });
    await inventory.anonymous.put(`internal/carts/${sellerId}/purchases/${randomUUID()}`, {
      json: { items: [{ productId: product.id, quantity: 1 }] },
    });
    const first = await erase(sellerId);
    const tables = async () => [
      await rows('SELECT * FROM products ORDER BY id'),
      await rows('SELECT * FROM cart_items ORDER BY user_id, product_id'),
      await rows('SELECT * FROM cart_purchases ORDER BY order_id'),
      await rows('SELECT * FROM erasures ORDER BY user_id'),
    ];
    const before = await tables();
    const second = await erase(sellerId);
    expect(second.statusCode).to.equal(200);
    expect(second.body).to.deep.equal(first.body);
    const after = await tables();
    expect(after).to.deep.equal(before);
  });
});
