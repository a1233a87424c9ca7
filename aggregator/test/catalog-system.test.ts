import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { signUp, type Account } from './support/marketplace.js';

/** Catalog, seller listings and cart through the aggregator, with real auth and inventory processes. */
describe('catalog, seller products and cart through the aggregator (real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let seller: Account;
  let rival: Account;
  let buyer: Account;
  const products: Record<string, any> = {};

  before(async () => {
    system = await startSystem({ services: ['auth', 'inventory'], env: { LOG_LEVEL: 'warn' } });
    api = httpClient(system.url);
    [seller, rival, buyer] = await Promise.all([
      signUp(api, 'seller', 'Oak & Iron'),
      signUp(api, 'seller', 'Rival Goods'),
      signUp(api, 'buyer'),
    ]);
    const listings = [
      [
        'board',
        seller,
        { title: 'Oak chopping board', description: 'Oiled hardwood', price: 3500, stock: 4, category: 'Kitchen' },
      ],
      [
        'spoon',
        seller,
        { title: 'Oak spoon', description: 'Carved by hand', price: 900, stock: 10, category: 'Kitchen' },
      ],
      [
        'stool',
        seller,
        {
          title: 'Iron stool',
          description: 'Powder-coated steel with an oak seat',
          price: 12000,
          stock: 2,
          category: 'Furniture',
        },
      ],
      [
        'kettle',
        rival,
        { title: 'Copper kettle', description: 'Whistles', price: 4500, stock: 3, category: 'Kitchen' },
      ],
      [
        'dollar',
        rival,
        {
          title: 'Oak coaster',
          description: 'Set of four',
          price: 1500,
          stock: 8,
          currency: 'USD',
          category: 'Kitchen',
        },
      ],
    ] as const;
    for (const [key, owner, body] of listings) {
      const res: any = await api.post('api/v1/seller/products', { headers: owner.auth, json: body });
      expect(res.statusCode, JSON.stringify(res.body)).to.equal(201);
      products[key] = res.body;
    }
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  const search = async (searchParams: Record<string, string | number>) => {
    const res: any = await api.get('api/v1/products', { searchParams });
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };

  it("answers a new listing with the seller's name joined", () => {
    expect(products.board).to.include({
      sellerId: seller.id,
      title: 'Oak chopping board',
      status: 'active',
      currency: 'EUR',
    });
    expect(products.board.seller).to.deep.equal({ id: seller.id, name: 'Oak & Iron' });
  });

  it('lets anyone search, filter and sort without a token, with seller names on every item', async () => {
    const oak = await search({ q: 'OAK', sort: 'price_asc' });
    expect(oak.items.map((p: any) => p.id)).to.deep.equal([
      products.spoon.id,
      products.dollar.id,
      products.board.id,
      products.stool.id,
    ]);
    expect(oak.items.map((p: any) => p.seller.name)).to.deep.equal([
      'Oak & Iron',
      'Rival Goods',
      'Oak & Iron',
      'Oak & Iron',
    ]);
    const kitchen = await search({ category: 'Kitchen', sellerId: rival.id, sort: 'price_desc' });
    expect(kitchen.items.map((p: any) => p.id)).to.deep.equal([products.kettle.id, products.dollar.id]);
    const range = await search({ minPrice: 900, maxPrice: 3500 });
    expect(range.items.map((p: any) => p.id)).to.have.members([
      products.board.id,
      products.spoon.id,
      products.dollar.id,
    ]);
    const contradiction: any = await api.get('api/v1/products', { searchParams: { minPrice: 10, maxPrice: 5 } });
    expect(contradiction.statusCode).to.equal(400);
    expect(contradiction.body.code).to.equal('validation_failed');
  });

  it('pages through the catalog with nextCursor, newest first, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await search({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).to.be.at.most(2);
      seen.push(...page.items.map((p: any) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).to.have.length(new Set(seen).size);
    expect(seen).to.include.members(Object.values(products).map((p) => p.id));
  });

  it('reads one product and the categories publicly', async () => {
    const one: any = await api.get(`api/v1/products/${products.stool.id}`);
    expect(one.statusCode).to.equal(200);
    expect(one.body.seller).to.deep.equal({ id: seller.id, name: 'Oak & Iron' });
    expect((await api.get('api/v1/products/unknown-product')).statusCode).to.equal(404);
    const categories: any = await api.get('api/v1/categories');
    expect(categories.statusCode).to.equal(200);
    expect(categories.body.items).to.deep.include({ name: 'Furniture', count: 1 });
  });

  it('keeps seller listings to sellers and owners', async () => {
    const own: any = await api.get('api/v1/seller/products', { headers: rival.auth });
    expect(own.statusCode).to.equal(200);
    expect(own.body.items.map((p: any) => p.id)).to.have.members([products.kettle.id, products.dollar.id]);
    const anonymous = await api.get('api/v1/seller/products');
    expect(anonymous.statusCode).to.equal(401);
    expect(anonymous.headers['www-authenticate']).to.equal('Bearer realm="agora"');
    expect((await api.get('api/v1/seller/products', { headers: buyer.auth })).statusCode).to.equal(403);
    expect(
      (await api.patch(`api/v1/seller/products/${products.board.id}`, { headers: rival.auth, json: { price: 1 } }))
        .statusCode,
    ).to.equal(404);
    expect(
      (await api.delete(`api/v1/seller/products/${products.board.id}`, { headers: rival.auth })).statusCode,
    ).to.equal(404);
    const bad: any = await api.post('api/v1/seller/products', {
      headers: seller.auth,
      json: { title: 'X', price: 1, stock: 1, images: ['http://plain.example/a.jpg'] },
    });
    expect(bad.statusCode).to.equal(400);
  });

  it("edits and archives the seller's own listing; archived ones leave the catalog but stay readable", async () => {
    const created: any = await api.post('api/v1/seller/products', {
      headers: seller.auth,
      json: { title: 'Oak shelf', price: 5000, stock: 1 },
    });
    const patched: any = await api.patch(`api/v1/seller/products/${created.body.id}`, {
      headers: seller.auth,
      json: { price: 5500 },
    });
    expect(patched.statusCode).to.equal(200);
    expect(patched.body).to.include({ price: 5500 });
    expect(patched.body.seller.name).to.equal('Oak & Iron');
    expect(
      (await api.delete(`api/v1/seller/products/${created.body.id}`, { headers: seller.auth })).statusCode,
    ).to.equal(204);
    expect((await search({ q: 'shelf' })).items).to.deep.equal([]);
    expect(((await api.get(`api/v1/products/${created.body.id}`)) as any).body.status).to.equal('archived');
  });

  it('lets a buyer fill a cart at current prices with seller names, within stock and one currency', async () => {
    const shopper = await signUp(api, 'buyer');
    const put = (id: string, quantity: number) =>
      api.put(`api/v1/cart/items/${id}`, { headers: shopper.auth, json: { quantity } }) as Promise<any>;
    expect((await put(products.board.id, 2)).statusCode).to.equal(200);
    const cart = (await put(products.kettle.id, 1)).body;
    expect(cart.subtotal).to.equal(2 * 3500 + 4500);
    expect(cart.currency).to.equal('EUR');
    expect(cart.items.map((i: any) => i.product.seller.name)).to.deep.equal(['Oak & Iron', 'Rival Goods']);
    const tooMany = await put(products.stool.id, 3);
    expect(tooMany.statusCode).to.equal(409);
    expect(tooMany.body.code).to.equal('insufficient_stock');
    const dollars = await put(products.dollar.id, 1);
    expect(dollars.statusCode).to.equal(409);
    expect(dollars.body.code).to.equal('mixed_currency');
    const removed: any = await api.delete(`api/v1/cart/items/${products.kettle.id}`, { headers: shopper.auth });
    expect(removed.body.subtotal).to.equal(7000);
    expect((await api.delete('api/v1/cart', { headers: shopper.auth })).statusCode).to.equal(204);
    expect(((await api.get('api/v1/cart', { headers: shopper.auth })) as any).body).to.deep.equal({
      items: [],
      subtotal: 0,
      currency: null,
    });
    expect((await api.get('api/v1/cart')).statusCode).to.equal(401);
  });

  it('keeps serving the catalog and the cart with null seller names while auth is down', async () => {
    await api.put(`api/v1/cart/items/${products.spoon.id}`, { headers: buyer.auth, json: { quantity: 1 } });
    await system.processes.auth!.kill();
    try {
      const page = await search({ q: 'oak' });
      expect(page.items.length).to.be.greaterThan(0);
      expect(page.items.every((p: any) => p.seller.name === null && p.seller.id === p.sellerId)).to.equal(true);
      const cart: any = await api.get('api/v1/cart', { headers: buyer.auth });
      expect(cart.statusCode).to.equal(200);
      expect(cart.body.items[0].product.seller).to.deep.equal({ id: seller.id, name: null });
    } finally {
      await system.processes.auth!.restart();
    }
  });

  it('answers 503 service_unavailable within 2 s on every catalog, listing and cart route while inventory is down', async () => {
    await system.processes.inventory!.kill();
    try {
      const calls = [
        () => api.get('api/v1/products'),
        () => api.get(`api/v1/products/${products.board.id}`),
        () => api.get('api/v1/categories'),
        () => api.get('api/v1/seller/products', { headers: seller.auth }),
        () => api.get('api/v1/cart', { headers: buyer.auth }),
        () => api.put(`api/v1/cart/items/${products.board.id}`, { headers: buyer.auth, json: { quantity: 1 } }),
      ];
      for (const call of calls) {
        const started = Date.now();
        const res: any = await call();
        expect(res.statusCode).to.equal(503);
        expect(res.body.code).to.equal('service_unavailable');
        expect(Date.now() - started).to.be.below(2000);
      }
    } finally {
      await system.processes.inventory!.restart();
    }
  });
});
