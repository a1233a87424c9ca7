import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from '@agora/db';
import { dropTestDatabases } from '@agora/test-kit';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

describe('inventory: category counts kept with every product write', () => {
  let inventory: InventoryUnderTest;
  before(async () => {
    inventory = await startInventory();
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  const seller = (id: string) => inventory.as(id, 'seller');
  const create = async (sellerId: string, category: string | null) => {
    const res: any = await seller(sellerId).post('seller/products', {
      json: { title: 'Thing', price: 100, stock: 1, category },
    });
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(201);
    return res.body.id as string;
  };
  /** Each test names its own categories, so tests run in any order. */
  const names = (count: number) => Array.from({ length: count }, (_, i) => `Cat ${i} ${randomUUID().slice(0, 8)}`);

  /** The served counts of these categories, checked against a fresh COUNT over the products. */
  async function countsOf(categories: string[]): Promise<Record<string, number>> {
    const res: any = await inventory.anonymous.get('categories');
    expect(res.statusCode).to.equal(200);
    const served = Object.fromEntries(
      res.body.items.filter((c: any) => categories.includes(c.name)).map((c: any) => [c.name, c.count]),
    );
    const counted = await inventory.db.query<{ category: string; n: number }>(
      "SELECT category, COUNT(*) AS n FROM products WHERE status = 'active' AND category IN (?) GROUP BY category",
      { replacements: [categories], type: QueryTypes.SELECT },
    );
    expect(served).to.deep.equal(Object.fromEntries(counted.map((row) => [row.category, Number(row.n)])));
    return served;
  }

  it('counts a new listing under its category, and never one without a category', async () => {
    const [lamps, rugs] = names(2);
    await create('seller-c1', lamps);
    await create('seller-c1', lamps);
    await create('seller-c1', rugs);
    await create('seller-c1', null);
    expect(await countsOf([lamps, rugs])).to.deep.equal({ [lamps]: 2, [rugs]: 1 });
  });

  it('moves the count when a listing changes category, and drops it when the category is removed', async () => {
    const [from, to] = names(2);
    const id = await create('seller-c2', from);
    await create('seller-c2', from);
    expect((await seller('seller-c2').patch(`seller/products/${id}`, { json: { category: to } })).statusCode).to.equal(
      200,
    );
    expect(await countsOf([from, to])).to.deep.equal({ [from]: 1, [to]: 1 });
    expect(
      (await seller('seller-c2').patch(`seller/products/${id}`, { json: { category: null } })).statusCode,
    ).to.equal(200);
    expect(await countsOf([from, to])).to.deep.equal({ [from]: 1 });
  });

  it('leaves the counts alone when an edit touches neither status nor category', async () => {
    const [category] = names(1);
    const id = await create('seller-c3', category);
    expect(
      (await seller('seller-c3').patch(`seller/products/${id}`, { json: { title: 'Renamed', price: 250, category } }))
        .statusCode,
    ).to.equal(200);
    expect(await countsOf([category])).to.deep.equal({ [category]: 1 });
  });

  it('drops an archived or deleted listing and counts it again when reactivated', async () => {
    const [category] = names(1);
    const [archived, deleted] = [
      await create('seller-c4', category),
      await create('seller-c4', category),
      await create('seller-c4', category),
    ];
    expect(
      (await seller('seller-c4').patch(`seller/products/${archived}`, { json: { status: 'archived' } })).statusCode,
    ).to.equal(200);
    expect((await seller('seller-c4').delete(`seller/products/${deleted}`)).statusCode).to.equal(204);
    expect((await seller('seller-c4').delete(`seller/products/${deleted}`)).statusCode).to.equal(204);
    expect(await countsOf([category])).to.deep.equal({ [category]: 1 });
    expect(
      (await seller('seller-c4').patch(`seller/products/${archived}`, { json: { status: 'active', category } }))
        .statusCode,
    ).to.equal(200);
    expect(await countsOf([category])).to.deep.equal({ [category]: 2 });
  });

  it('drops every live listing of an erased seller, once, however often the erasure is repeated', async () => {
    const [shared, own] = names(2);
    const sellerId = randomUUID();
    await create(sellerId, shared);
    await create(sellerId, own);
    await create(sellerId, own);
    const archivedBefore = await create(sellerId, own);
    await seller(sellerId).delete(`seller/products/${archivedBefore}`);
    await create('seller-c5', shared);
    for (let i = 0; i < 2; i++)
      expect((await inventory.anonymous.post(`internal/erasures/${sellerId}`)).statusCode).to.equal(200);
    expect(await countsOf([shared, own])).to.deep.equal({ [shared]: 1 });
  });

  it('stays exact through concurrent creates, edits and archives', async () => {
    const categories = names(3);
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => create(`seller-c6-${i % 4}`, categories[i % 3])),
    );
    await Promise.all(
      created.slice(0, 12).map((id, i) =>
        i % 2 === 0
          ? seller(`seller-c6-${i % 4}`).patch(`seller/products/${id}`, {
              json: { category: categories[(i + 1) % 3] },
            })
          : seller(`seller-c6-${i % 4}`).delete(`seller/products/${id}`),
      ),
    );
    const counts = await countsOf(categories);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).to.equal(24);
  });
});
