import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Agora } from '@agora/sdk';
import { contractFetch, dropTestDatabases, startSystem, type SystemHandle } from '@agora/test-kit';

const PASSWORD = 'correct horse battery';

// A seller lists products and a buyer fills a cart, every call through the SDK's resource methods.
describe('the SDK: a seller lists, a buyer browses page by page and fills a cart', function () {
  this.timeout(180_000);
  let system: SystemHandle;

  before(async () => {
    system = await startSystem({ services: ['auth', 'inventory'], env: { LOG_LEVEL: 'warn' } });
  });

  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  it("lists a seller's products and fills a buyer's cart with them, all through the SDK", async () => {
    const options = { baseUrl: system.url, fetch: contractFetch('api-docs/public.yaml') };
    const seller = new Agora(options);
    await seller.auth.signup({
      email: `sam-${randomUUID()}@example.com`,
      password: PASSWORD,
      name: 'Sam',
      role: 'seller',
    });
    const word = `brass${randomUUID().slice(0, 8)}`;
    const lamps = [];
    for (const price of [4900, 1900, 2900])
      lamps.push(await seller.seller.products.create({ title: `${word} lamp`, price, stock: 3 }));
    expect(lamps[0]).to.include({ price: 4900, currency: 'EUR', status: 'active' });

    const buyer = new Agora(options);
    await buyer.auth.signup({ email: `ada-${randomUUID()}@example.com`, password: PASSWORD, name: 'Ada' });
    const found = [];
    for await (const product of buyer.products.list({ q: word, sort: 'price_asc', limit: 2 })) found.push(product);
    expect(found.map((product) => [product.price, product.seller.name])).to.deep.equal([
      [1900, 'Sam'],
      [2900, 'Sam'],
      [4900, 'Sam'],
    ]);
    await buyer.cart.setItem(lamps[0]!.id, 2);
    expect(await buyer.cart.get()).to.include({ subtotal: 9800, currency: 'EUR' });
    const listed = await seller.seller.products.list().toArray();
    expect(listed.map((product) => product.id).sort()).to.deep.equal(lamps.map((lamp) => lamp.id).sort());
  });
});
