import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { createAgoraClient } from '@agora/sdk';
import { contractFetch, dropTestDatabases, startSystem, type SystemHandle } from '@agora/test-kit';

// Password hashing and process starts crawl on a loaded CI machine: generous deadlines, so only real failures fail.
const ROOMY_ON_A_LOADED_MACHINE = { envOf: { aggregator: { INTERNAL_TIMEOUT_MS: '20000', REQUEST_DEADLINE_MS: '30000' } }, readyTimeoutMs: 90_000 };

const PASSWORD = 'correct horse battery';

// The seller and buyer lines of sdk/README.md up to the checkout, against auth and inventory.
describe("the SDK README's seller and buyer flow, up to the checkout", function () {
  this.timeout(180_000);
  let system: SystemHandle;

  before(async () => {
    system = await startSystem({ services: ['auth', 'inventory'], env: { LOG_LEVEL: 'warn' }, ...ROOMY_ON_A_LOADED_MACHINE });
  });

  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  it("lists a seller's product and fills a buyer's cart with it, all through the SDK", async () => {
    const options = { baseUrl: system.url, fetch: contractFetch('api-docs/public.yaml') };
    const seller = createAgoraClient(options);
    await seller.POST('/api/v1/auth/signup', { body: { email: `sam-${randomUUID()}@example.com`, password: PASSWORD, name: 'Sam', role: 'seller' } });
    const { data: lamp } = await seller.POST('/api/v1/seller/products', { body: { title: 'Brass lamp', price: 4900, stock: 3 } });
    expect(lamp).to.include({ title: 'Brass lamp', price: 4900, currency: 'EUR', status: 'active' });

    const buyer = createAgoraClient(options);
    await buyer.POST('/api/v1/auth/signup', { body: { email: `ada-${randomUUID()}@example.com`, password: PASSWORD, name: 'Ada' } });
    await buyer.PUT('/api/v1/cart/items/{productId}', { params: { path: { productId: lamp!.id } }, body: { quantity: 2 } });
    const { data: cart } = await buyer.GET('/api/v1/cart');
    expect(cart).to.include({ subtotal: 9800, currency: 'EUR' });
    const { data: found } = await buyer.GET('/api/v1/products', { params: { query: { q: 'brass', limit: 5 } } });
    expect(found!.items.map((product) => product.seller.name)).to.deep.equal(['Sam']);
  });
});
