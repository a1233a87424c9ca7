import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { createProduct, signUp, type Account } from './support/marketplace.js';

/** The aggregator's one-second micro-cache of public catalog reads (ETag / 304, single flight). */
describe('catalog micro-cache in the aggregator (real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let seller: Account;

  before(async () => {
    system = await startSystem({
      services: ['auth', 'inventory'],
      env: { LOG_LEVEL: 'info', CATALOG_CACHE_MS: '1000' },
    });
    api = httpClient(system.url);
    seller = await signUp(api, 'seller');
    await createProduct(api, seller);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  const inventoryListCalls = () =>
    system.processes.inventory!.output.filter(
      (line) => line.includes('"event":"request"') && line.includes('"path":"/products"'),
    ).length;

  it('answers with an ETag and 304 Not Modified when the client already has that version', async () => {
    const first = await api.get('api/v1/products', { searchParams: { sellerId: seller.id } });
    expect(first.statusCode).to.equal(200);
    const etag = first.headers.etag as string;
    expect(etag).to.match(/^"[\w-]+"$/);
    const revalidated = await api.get('api/v1/products', {
      searchParams: { sellerId: seller.id },
      headers: { 'if-none-match': etag },
    });
    expect(revalidated.statusCode).to.equal(304);
    expect(revalidated.rawBody.length).to.equal(0);
    expect(revalidated.headers.etag).to.equal(etag);
  });

  it('serves a burst of identical reads with one call to inventory', async () => {
    const query = { sellerId: seller.id, q: randomUUID() };
    const before = inventoryListCalls();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api.get('api/v1/products', { searchParams: query })),
    );
    expect(answers.map((a) => a.statusCode)).to.deep.equal(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.headers.etag)).size).to.equal(1);
    await waitFor(() => inventoryListCalls() > before, { what: 'the request log line' });
    expect(inventoryListCalls() - before).to.be.at.most(2);
  });

  it('shows a new product within about a second', async () => {
    const seen = await api.get('api/v1/products', { searchParams: { sellerId: seller.id, limit: 100 } });
    const count = (seen.body as any).items.length;
    await createProduct(api, seller);
    await waitFor(
      async () => {
        const res = await api.get('api/v1/products', { searchParams: { sellerId: seller.id, limit: 100 } });
        return (res.body as any).items.length === count + 1;
      },
      { timeoutMs: 3_000, what: 'the new product in the catalog' },
    );
  });

  it('never caches per-caller reads such as the cart', async () => {
    const buyer = await signUp(api);
    const product = await createProduct(api, seller);
    expect((await api.get('api/v1/cart', { headers: buyer.auth })).headers.etag).to.equal(undefined);
    await api.put(`api/v1/cart/items/${product.id}`, { headers: buyer.auth, json: { quantity: 1 } });
    const cart = await api.get('api/v1/cart', { headers: buyer.auth });
    expect((cart.body as any).items).to.have.length(1);
  });
});
