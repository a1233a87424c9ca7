import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { createProduct, signUp, type Account } from './support/marketplace.js';

/** API.md: a seller's name may come from a cache up to 60 s old, and a deleted account is never named. */
describe('display names joined into pages, from the 60 s name cache (real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;

  before(async () => {
    system = await startSystem({
      services: ['auth', 'inventory'],
      env: { LOG_LEVEL: 'info' },
      envOf: { aggregator: { USER_NAME_CACHE_MS: '60000' } },
    });
    api = httpClient(system.url);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  const nameLookups = () =>
    system.processes.auth!.output.filter(
      (line) => line.includes('"event":"request"') && line.includes('"path":"/internal/users"'),
    ).length;

  async function sellerNameOf(productId: string): Promise<string | null> {
    const res = await api.get(`api/v1/products/${productId}`);
    expect(res.statusCode).to.equal(200);
    return (res.body as unknown as { seller: { name: string | null } }).seller.name;
  }

  async function sellerWithProduct(name: string): Promise<{ seller: Account; productId: string }> {
    const seller = await signUp(api, 'seller', name);
    return { seller, productId: (await createProduct(api, seller)).id };
  }

  it('asks auth for a seller once, then serves the name from the cache', async () => {
    const { productId } = await sellerWithProduct('Cached Crafts');
    expect(await sellerNameOf(productId)).to.equal('Cached Crafts');
    const lookups = nameLookups();
    for (let i = 0; i < 5; i++) expect(await sellerNameOf(productId)).to.equal('Cached Crafts');
    expect(nameLookups()).to.equal(lookups);
  });

  it('still names a cached seller while auth is down, and a seller never cached is null', async () => {
    const cached = await sellerWithProduct('Known Knits');
    // Listed straight at inventory, so the aggregator has never joined this seller's name.
    const unseen = await signUp(api, 'seller', 'Unseen Upholstery');
    const listed = await httpClient(system.processes.inventory!.url).post('seller/products', {
      headers: { 'x-agora-user-id': unseen.id, 'x-agora-user-role': 'seller' },
      json: { title: 'Unseen chair', price: 1000, stock: 1, currency: 'EUR', category: 'Test' },
    });
    expect(listed.statusCode).to.equal(201);
    const unknown = { productId: (listed.body as unknown as { id: string }).id };
    expect(await sellerNameOf(cached.productId)).to.equal('Known Knits');
    await system.processes.auth!.stop();
    try {
      expect(await sellerNameOf(cached.productId)).to.equal('Known Knits');
      expect(await sellerNameOf(unknown.productId)).to.equal(null);
    } finally {
      await system.processes.auth!.restart();
    }
  });

  it('never names a deleted account, although its name is cached', async () => {
    const { seller, productId } = await sellerWithProduct('Gone Goods');
    expect(await sellerNameOf(productId)).to.equal('Gone Goods');
    expect((await api.delete('api/v1/me', { headers: seller.auth })).statusCode).to.equal(204);
    await waitFor(async () => (await sellerNameOf(productId)) === null, {
      what: 'the deleted seller to lose its name',
    });
  });
});
