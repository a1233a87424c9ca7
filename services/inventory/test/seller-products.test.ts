import { expect } from 'chai';
import { dropTestDatabases } from '@agora/test-kit';
import { startInventory, type InventoryUnderTest } from './inventory-under-test.js';

describe('inventory: seller products', () => {
  let inventory: InventoryUnderTest;
  before(async () => {
    inventory = await startInventory({ AGORA_CURRENCIES: 'EUR,USD' });
  });
  after(async () => {
    await inventory.stop();
    await dropTestDatabases();
  });

  const create = (sellerId: string, body: Record<string, unknown>) =>
    inventory.as(sellerId, 'seller').post('seller/products', { json: body });

  it('creates an active product with the documented defaults', async () => {
    const res = await create('seller-a', { title: 'Oak Chair', price: 4999, stock: 3 });
    expect(res.statusCode).to.equal(201);
    expect(res.body).to.include({
      sellerId: 'seller-a',
      title: 'Oak Chair',
      description: '',
      price: 4999,
      currency: 'EUR',
      stock: 3,
      category: null,
      status: 'active',
    });
    expect((res.body as any).images).to.deep.equal([]);
    expect((res.body as any).createdAt).to.equal((res.body as any).updatedAt);
  });

  it('refuses invalid listings with validation_failed', async () => {
    const invalid = [
      { title: '', price: 1, stock: 1 },
      { title: 'x'.repeat(201), price: 1, stock: 1 },
      { title: 'Chair', price: -1, stock: 1 },
      { title: 'Chair', price: 100_000_001, stock: 1 },
      { title: 'Chair', price: 1.5, stock: 1 },
      { title: 'Chair', price: 1, stock: 1_000_001 },
      { title: 'Chair', price: 1, stock: 1, currency: 'GBP' },
      { title: 'Chair', price: 1, stock: 1, images: ['http://insecure.example/a.jpg'] },
      {
        title: 'Chair',
        price: 1,
        stock: 1,
        images: Array.from({ length: 11 }, (_, i) => `https://img.example/${i}.jpg`),
      },
      { title: 'Chair', price: 1, stock: 1, colour: 'red' },
      { price: 1, stock: 1 },
    ];
    for (const body of invalid) {
      const res = await create('seller-a', body);
      expect(res.statusCode, JSON.stringify(body)).to.equal(400);
      expect((res.body as any).code).to.equal('validation_failed');
    }
  });

  it('accepts a listing at the limits', async () => {
    const images = Array.from({ length: 10 }, (_, i) => `https://img.example/${i}.jpg`);
    const res = await create('seller-a', {
      title: 'x'.repeat(200),
      price: 100_000_000,
      stock: 1_000_000,
      currency: 'USD',
      images,
      category: 'Home',
    });
    expect(res.statusCode).to.equal(201);
    expect(res.body).to.include({ currency: 'USD', category: 'Home', price: 100_000_000 });
  });

  it('needs a caller (401) with the seller role (403)', async () => {
    expect((await inventory.anonymous.get('seller/products')).statusCode).to.equal(401);
    expect(
      (await inventory.as('buyer-1', 'buyer').post('seller/products', { json: { title: 'A', price: 1, stock: 1 } }))
        .statusCode,
    ).to.equal(403);
    expect((await inventory.as('buyer-1', 'buyer').get('seller/products')).statusCode).to.equal(403);
  });

  it("lists only the seller's own products, every status, newest first, page by page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(((await create('seller-list', { title: `Lamp ${i}`, price: 100 + i, stock: 1 })).body as any).id);
    await create('seller-other', { title: 'Not mine', price: 1, stock: 1 });
    await inventory.as('seller-list', 'seller').delete(`seller/products/${ids[0]}`);
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await inventory
        .as('seller-list', 'seller')
        .get('seller/products', { searchParams: { limit: 2, ...(cursor ? { cursor } : {}) } });
      expect(res.statusCode).to.equal(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.map((p) => p.id)).to.have.members(ids);
    expect(seen.every((p) => p.sellerId === 'seller-list')).to.equal(true);
    expect(seen.find((p) => p.id === ids[0]).status).to.equal('archived');
    const times = seen.map((p) => p.createdAt);
    expect([...times].sort().reverse()).to.deep.equal(times);
  });

  it("updates the owner's product and recomputes what search sees", async () => {
    const id = (
      (await create('seller-a', { title: 'Plain mug', price: 500, stock: 2, category: 'Kitchen' })).body as any
    ).id;
    const res: any = await inventory
      .as('seller-a', 'seller')
      .patch(`seller/products/${id}`, { json: { title: 'Speckled mug', price: 650, category: null } });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.include({ title: 'Speckled mug', price: 650, category: null, stock: 2 });
    expect(Date.parse(res.body.updatedAt)).to.be.at.least(Date.parse(res.body.createdAt));
    const found: any = await inventory.anonymous.get('products', {
      searchParams: { q: 'speckled', sellerId: 'seller-a' },
    });
    expect(found.body.items.map((p: any) => p.id)).to.deep.equal([id]);
  });

  it('archives and reactivates through status, and archives with DELETE', async () => {
    const id = ((await create('seller-a', { title: 'Vase', price: 900, stock: 1 })).body as any).id;
    const seller = inventory.as('seller-a', 'seller');
    expect(
      ((await seller.patch(`seller/products/${id}`, { json: { status: 'archived' } })).body as any).status,
    ).to.equal('archived');
    expect(((await seller.patch(`seller/products/${id}`, { json: { status: 'active' } })).body as any).status).to.equal(
      'active',
    );
    expect((await seller.delete(`seller/products/${id}`)).statusCode).to.equal(204);
    expect((await seller.delete(`seller/products/${id}`)).statusCode).to.equal(204);
    const product: any = await inventory.anonymous.get(`products/${id}`);
    expect(product.statusCode).to.equal(200);
    expect(product.body.status).to.equal('archived');
  });

  it("treats another seller's product as not found", async () => {
    const id = ((await create('seller-a', { title: 'Rug', price: 900, stock: 1 })).body as any).id;
    const intruder = inventory.as('seller-b', 'seller');
    expect((await intruder.patch(`seller/products/${id}`, { json: { price: 1 } })).statusCode).to.equal(404);
    expect((await intruder.delete(`seller/products/${id}`)).statusCode).to.equal(404);
    expect((await intruder.patch('seller/products/nope', { json: { price: 1 } })).statusCode).to.equal(404);
    expect(((await inventory.anonymous.get(`products/${id}`)).body as any).price).to.equal(900);
  });

  it('refuses an empty or unknown change', async () => {
    const id = ((await create('seller-a', { title: 'Bowl', price: 900, stock: 1 })).body as any).id;
    const seller = inventory.as('seller-a', 'seller');
    expect((await seller.patch(`seller/products/${id}`, { json: {} })).statusCode).to.equal(400);
    expect((await seller.patch(`seller/products/${id}`, { json: { sellerId: 'x' } })).statusCode).to.equal(400);
    expect((await seller.patch(`seller/products/${id}`, { json: { status: 'deleted' } })).statusCode).to.equal(400);
  });
});
