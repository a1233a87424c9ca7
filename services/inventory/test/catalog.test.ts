import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

describe('inventory: catalog', () => {
  let inventory: InventoryUnderTest;
  const ids: Record<string, string> = {};
  before(async () => {
    inventory = await startInventory();
    const listings = [
      [
        'lamp',
        'seller-cat-a',
        { title: 'Brass Desk Lamp', description: 'Warm light for late READING', price: 4500, category: 'Lighting' },
      ],
      [
        'floor',
        'seller-cat-a',
        { title: 'Floor lamp', description: 'Tall and slim', price: 9900, category: 'Lighting' },
      ],
      [
        'book',
        'seller-cat-b',
        { title: 'Reading Glasses', description: 'Brass frame, 100% recycled', price: 4500, category: 'Optics' },
      ],
      [
        'gone',
        'seller-cat-b',
        { title: 'Brass candle', description: 'Archived soon', price: 1000, category: 'Candles' },
      ],
    ] as const;
    for (const [key, sellerId, body] of listings) {
      const res: any = await inventory.as(sellerId, 'seller').post('seller/products', { json: { ...body, stock: 5 } });
      ids[key] = res.body.id;
    }
    await inventory.as('seller-cat-b', 'seller').delete(`seller/products/${ids.gone}`);
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  const search = async (searchParams: Record<string, string | number>) => {
    const res: any = await inventory.anonymous.get('products', { searchParams });
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(200);
    return res.body.items.map((p: any) => p.id) as string[];
  };

  it('lists only active products, newest first, without needing an identity', async () => {
    expect(await search({})).to.deep.equal([ids.book, ids.floor, ids.lamp]);
  });

  it('matches every word of q in the title or the description, case-insensitively', async () => {
    expect(await search({ q: 'brass' })).to.have.members([ids.lamp, ids.book]);
    expect(await search({ q: 'BRASS reading' })).to.have.members([ids.lamp, ids.book]);
    expect(await search({ q: 'brass lamp' })).to.deep.equal([ids.lamp]);
    expect(await search({ q: 'brass violin' })).to.deep.equal([]);
  });

  it('takes LIKE wildcards in q literally', async () => {
    expect(await search({ q: '100%' })).to.deep.equal([ids.book]);
    expect(await search({ q: '%' })).to.deep.equal([ids.book]);
    expect(await search({ q: '_' })).to.deep.equal([]);
  });

  it('filters by category, seller and an inclusive price range', async () => {
    expect(await search({ category: 'Lighting' })).to.have.members([ids.lamp, ids.floor]);
    expect(await search({ sellerId: 'seller-cat-b' })).to.deep.equal([ids.book]);
    expect(await search({ minPrice: 4500, maxPrice: 4500 })).to.have.members([ids.lamp, ids.book]);
    expect(await search({ minPrice: 4501 })).to.deep.equal([ids.floor]);
    expect(await search({ maxPrice: 4499 })).to.deep.equal([]);
  });

  it('sorts by price both ways with ties broken by id', async () => {
    const [low, high] = [ids.lamp, ids.book].sort();
    expect(await search({ sort: 'price_asc' })).to.deep.equal([low, high, ids.floor]);
    expect(await search({ sort: 'price_desc' })).to.deep.equal([ids.floor, high, low]);
  });

  it('refuses contradictory or malformed queries with validation_failed', async () => {
    const bad = [
      { minPrice: 10, maxPrice: 9 },
      { limit: 0 },
      { limit: 101 },
      { sort: 'cheapest' },
      { minPrice: -1 },
      { cursor: 'garbage' },
    ];
    for (const searchParams of bad) {
      const res: any = await inventory.anonymous.get('products', { searchParams });
      expect(res.statusCode, JSON.stringify(searchParams)).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
    }
  });

  it('refuses a cursor issued for another sort', async () => {
    const first: any = await inventory.anonymous.get('products', { searchParams: { limit: 1, sort: 'price_asc' } });
    expect(first.body.nextCursor).to.be.a('string');
    const res: any = await inventory.anonymous.get('products', {
      searchParams: { cursor: first.body.nextCursor, sort: 'newest' },
    });
    expect(res.statusCode).to.equal(400);
  });

  it('reads one product, archived ones too, and 404s an unknown id', async () => {
    const res: any = await inventory.anonymous.get(`products/${ids.gone}`);
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.include({ id: ids.gone, status: 'archived', sellerId: 'seller-cat-b' });
    expect(res.body).to.not.have.property('seller');
    const missing: any = await inventory.anonymous.get('products/no-such-product');
    expect(missing.statusCode).to.equal(404);
    expect(missing.body.code).to.equal('not_found');
  });

  it('counts active products per category, by name', async () => {
    const res: any = await inventory.anonymous.get('categories');
    expect(res.statusCode).to.equal(200);
    expect(res.body.items).to.deep.equal([
      { name: 'Lighting', count: 2 },
      { name: 'Optics', count: 1 },
    ]);
  });

  it('looks products up in batch, archived included and unknown ids left out', async () => {
    const res: any = await inventory.anonymous.get('internal/products', {
      searchParams: { ids: `${ids.lamp},${ids.gone},unknown` },
    });
    expect(res.statusCode).to.equal(200);
    expect(res.body.items.map((p: any) => p.id)).to.have.members([ids.lamp, ids.gone]);
    const tooMany = Array.from({ length: 101 }, (_, i) => `p${i}`).join(',');
    expect(
      (await inventory.anonymous.get('internal/products', { searchParams: { ids: tooMany } })).statusCode,
    ).to.equal(400);
  });
});
