import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, type SystemHandle, type TestHttp } from '@agora/test-kit';
import {
  ADDRESS,
  cartOf,
  checkout,
  createProduct,
  ordersOf,
  putInCart,
  signUp,
  stockOf,
  type Account,
} from './support/marketplace.js';

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

/** API.md "When a service is down": each route needs only the services it touches. */
describe('graceful degradation with one service down (real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let seller: Account;
  let buyer: Account;
  let productId: string;

  before(async () => {
    system = await startSystem({ env: { LOG_LEVEL: 'error' }, deadlines: 'production' });
    api = httpClient(system.url);
    [seller, buyer] = await Promise.all([signUp(api, 'seller'), signUp(api)]);
    productId = (await createProduct(api, seller, { stock: 10 })).id;
    await putInCart(api, buyer, productId, 1);
    expect((await checkout(api, buyer, randomUUID())).statusCode).to.equal(201);
    await putInCart(api, buyer, productId, 2);
    expect((await api.post('api/v1/me/addresses', { headers: buyer.auth, json: ADDRESS })).statusCode).to.equal(201);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  async function expect503Fast(request: Promise<{ statusCode: number; body: unknown }>) {
    const { value, ms } = await timed(request);
    expect(value.statusCode).to.equal(503);
    expect((value.body as any).code).to.equal('service_unavailable');
    expect(ms).to.be.below(2500);
  }

  it('inventory down: accounts, addresses and order history work; catalog, cart and checkout answer 503 within 2 s', async () => {
    await system.processes.inventory!.kill();
    try {
      const login = await api.post('api/v1/auth/login', {
        json: { email: buyer.email, password: 'correct horse battery' },
      });
      expect(login.statusCode).to.equal(200);
      expect((await api.get('api/v1/me', { headers: buyer.auth })).statusCode).to.equal(200);
      expect((await api.get('api/v1/me/addresses', { headers: buyer.auth })).statusCode).to.equal(200);
      expect(await ordersOf(api, buyer)).to.have.length(1);
      await expect503Fast(api.get('api/v1/products'));
      await expect503Fast(api.get('api/v1/cart', { headers: buyer.auth }));
      await expect503Fast(api.get('api/v1/seller/products', { headers: seller.auth }));
      await expect503Fast(checkout(api, buyer, randomUUID()));
      expect(await ordersOf(api, buyer)).to.have.length(1);
    } finally {
      await system.processes.inventory!.restart();
    }
  });

  it('inventory hung (SIGSTOP): the catalog answers 503 within 2 s instead of hanging', async () => {
    system.processes.inventory!.signal('SIGSTOP');
    try {
      await expect503Fast(api.get('api/v1/products'));
      expect((await api.get('api/v1/me', { headers: buyer.auth })).statusCode).to.equal(200);
    } finally {
      system.processes.inventory!.signal('SIGCONT');
    }
    expect((await api.get('api/v1/products')).statusCode).to.equal(200);
  });

  it('payments down: checkout answers 503 and reserves nothing; browsing and order history work', async () => {
    await system.processes.payments!.kill();
    try {
      const stock = await stockOf(api, productId);
      await expect503Fast(checkout(api, buyer, randomUUID()));
      expect(await stockOf(api, productId)).to.equal(stock);
      expect((await cartOf(api, buyer)).items.map((i) => i.quantity)).to.deep.equal([2]);
      expect((await ordersOf(api, buyer)).filter((o) => o.status === 'paid')).to.have.length(1);
      expect((await api.get('api/v1/products')).statusCode).to.equal(200);
    } finally {
      await system.processes.payments!.restart();
    }
  });

  it('auth down: a valid access token still works, login answers 503 within 2 s', async () => {
    await system.processes.auth!.kill();
    try {
      expect((await api.get('api/v1/cart', { headers: buyer.auth })).statusCode).to.equal(200);
      expect(await ordersOf(api, buyer)).to.have.length.greaterThan(0);
      const catalog = await api.get('api/v1/products', { searchParams: { sellerId: seller.id } });
      expect(catalog.statusCode).to.equal(200);
      expect((catalog.body as any).items[0].seller).to.deep.equal({ id: seller.id, name: null });
      await expect503Fast(
        api.post('api/v1/auth/login', { json: { email: buyer.email, password: 'correct horse battery' } }),
      );
    } finally {
      await system.processes.auth!.restart();
    }
  });

  it('orders down: the catalog works; checkout answers 503 and takes no stock', async () => {
    await system.processes.orders!.kill();
    try {
      const stock = await stockOf(api, productId);
      await expect503Fast(checkout(api, buyer, randomUUID()));
      expect(await stockOf(api, productId)).to.equal(stock);
      expect((await cartOf(api, buyer)).items.map((i) => i.quantity)).to.deep.equal([2]);
    } finally {
      await system.processes.orders!.restart();
    }
  });
});
