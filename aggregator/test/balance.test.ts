import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { OpenApiSpec } from '@agora/koa-kit';
import { dropTestDatabases, httpClient, startSystem, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { signUp, type Account } from './support/marketplace.js';

const publicSpec = OpenApiSpec.fromFile(fileURLToPath(new URL('../../api-docs/public.yaml', import.meta.url)));

describe('GET /api/v1/seller/balance through the aggregator (real auth, payments and aggregator processes)', function () {
  this.timeout(180_000);
  let system: SystemHandle;
  let api: TestHttp;
  let payments: TestHttp;
  let seller: Account;
  let buyer: Account;

  before(async () => {
    system = await startSystem({
      services: ['auth', 'payments'],
      env: { LOG_LEVEL: 'warn' },
    });
    api = httpClient(system.url);
    payments = httpClient(system.processes.payments!.url);
    [seller, buyer] = await Promise.all([signUp(api, 'seller', 'Sam Seller'), signUp(api, 'buyer', 'Bea Buyer')]);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  const balanceOf = (account?: Account) => api.get<any>('api/v1/seller/balance', { headers: account?.auth ?? {} });

  it('gives a seller who has sold nothing an empty balance', async () => {
    const res = await balanceOf(seller);
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ items: [] });
    expect(publicSpec.checkResponse('getSellerBalance', res.statusCode, res.body)).to.deep.equal([]);
  });

  it('refuses a buyer with 403 and a caller without a token with 401 and a Bearer challenge', async () => {
    const asBuyer = await balanceOf(buyer);
    expect(asBuyer.statusCode).to.equal(403);
    expect(asBuyer.body).to.include({ code: 'forbidden' });
    const anonymous = await balanceOf();
    expect(anonymous.statusCode).to.equal(401);
    expect(anonymous.body).to.include({ code: 'unauthorized' });
    expect(anonymous.headers['www-authenticate']).to.equal('Bearer realm="agora"');
  });

  it('shows a sale as pending, then as available once the shipment is delivered', async () => {
    const other = await signUp(api, 'seller', 'Sue Seller');
    const orderId = randomUUID();
    const shipmentId = randomUUID();
    const charge = await payments.post('internal/charges', {
      headers: { 'idempotency-key': randomUUID() },
      json: {
        orderId,
        buyerId: buyer.id,
        amount: 4999,
        currency: 'EUR',
        paymentMethod: 'pm_card_visa',
        shipments: [{ shipmentId, sellerId: other.id, subtotal: 4999 }],
      },
    });
    expect(charge.statusCode).to.equal(201);
    expect((await balanceOf(other)).body).to.deep.equal({
      items: [{ currency: 'EUR', pending: 4499, available: 0, platformFees: 500 }],
    });
    const delivered = await payments.post('internal/deliveries', {
      json: { shipmentId, orderId, sellerId: other.id, deliveredAt: new Date().toISOString() },
    });
    expect(delivered.statusCode).to.equal(200);
    const after = await balanceOf(other);
    expect(after.body).to.deep.equal({ items: [{ currency: 'EUR', pending: 0, available: 4499, platformFees: 500 }] });
    expect(publicSpec.checkResponse('getSellerBalance', after.statusCode, after.body)).to.deep.equal([]);
  });
});
