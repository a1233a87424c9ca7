import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { ADDRESS, checkout, createProduct, putInCart, signUp } from '../../aggregator/test/support/marketplace.js';
import { ForwardReceiver } from './forward-receiver.js';

/** The checkout saga touches every service but auth (the aggregator verifies the token itself). */
const SAGA_TAGS = ['agora.aggregator', 'agora.inventory', 'agora.orders', 'agora.payments'];

describe('logging: one checkout, followed across every service by its req_id', function () {
  this.timeout(120_000);
  let receiver: ForwardReceiver;
  let system: SystemHandle;
  let api: TestHttp;

  before(async () => {
    receiver = await ForwardReceiver.start();
    system = await startSystem({
      env: { FLUENT_HOST: '127.0.0.1', FLUENT_PORT: String(receiver.port), LOG_LEVEL: 'info' },
    });
    api = httpClient(system.url);
  });

  after(async () => {
    await system?.stop();
    await receiver?.close();
    await dropTestDatabases();
  });

  it('forwards request lines from the aggregator, inventory, orders and payments with the one req_id and the buyer, and no address', async () => {
    const seller = await signUp(api, 'seller', 'Ada Crafts');
    const product = await createProduct(api, seller, { price: 1999, stock: 5 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 2);

    const response = await checkout(api, buyer, randomUUID());
    expect(response.statusCode, JSON.stringify(response.body)).to.equal(201);
    const reqId = response.headers['x-request-id'] as string;

    const lines = await waitFor(
      () => {
        const found = receiver.records.filter(
          (entry) => entry.record.event === 'request' && entry.record.req_id === reqId,
        );
        return SAGA_TAGS.every((tag) => found.some((entry) => entry.tag === tag)) ? found : undefined;
      },
      { what: `checkout ${reqId} lines from ${SAGA_TAGS.join(', ')}`, timeoutMs: 20_000 },
    );
    for (const { tag, record } of lines) {
      expect(record.service, tag).to.equal(tag.replace('agora.', ''));
      expect(record.user_id, `${tag} ${record.route}`).to.equal(buyer.id);
      expect(record.status, `${tag} ${record.route}`).to.be.below(500);
    }
    const forwarded = JSON.stringify(receiver.records);
    for (const secret of [ADDRESS.line1, ADDRESS.fullName]) expect(forwarded).not.to.include(secret);
  });
});
