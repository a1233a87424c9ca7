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
import { checkoutUntilFinal, type WaveBuyer } from './support/checkout-wave.js';

describe('checkout through the aggregator (real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let sellerA: Account;
  let sellerB: Account;

  before(async () => {
    // Correctness under load, not deadlines, is what this file checks (degradation.test.ts
    // checks the 2 s budget): test-kit's slow-machine deadlines keep 100 racing checkouts on 2 cores from timing out.
    system = await startSystem({
      env: { LOG_LEVEL: 'warn' },
    });
    api = httpClient(system.url);
    [sellerA, sellerB] = await Promise.all([signUp(api, 'seller', 'Ada Crafts'), signUp(api, 'seller', 'Linus Goods')]);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  async function balanceOf(seller: Account) {
    const res = await api.get('api/v1/seller/balance', { headers: seller.auth });
    expect(res.statusCode).to.equal(200);
    return (
      res.body as unknown as {
        items: Array<{ currency: string; pending: number; available: number; platformFees: number }>;
      }
    ).items;
  }

  it('checks out a cart spanning two sellers: a paid order, two shipments, stock taken, cart emptied, ledger split', async () => {
    const [book, mug] = await Promise.all([
      createProduct(api, sellerA, { price: 1999, stock: 5 }),
      createProduct(api, sellerB, { price: 1005, stock: 3 }),
    ]);
    const buyer = await signUp(api);
    await putInCart(api, buyer, book.id, 2);
    await putInCart(api, buyer, mug.id, 1);
    const before = { a: await balanceOf(sellerA), b: await balanceOf(sellerB) };

    const res = await checkout(api, buyer, randomUUID());
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(201);
    const order = res.body as any;
    expect(order.status).to.equal('paid');
    expect(order.total).to.equal(2 * 1999 + 1005);
    expect(order.shipments).to.have.length(2);
    expect(order.payment).to.include({ status: 'captured', amount: 5003, refundedAmount: 0 });
    expect(order.shippingAddress).to.include(ADDRESS);
    expect(await stockOf(api, book.id)).to.equal(3);
    expect(await stockOf(api, mug.id)).to.equal(2);
    expect((await cartOf(api, buyer)).items).to.deep.equal([]);

    const pendingDelta = async (seller: Account, was: typeof before.a) => {
      const eur = (await balanceOf(seller)).find((b) => b.currency === 'EUR')!;
      const old = was.find((b) => b.currency === 'EUR') ?? { pending: 0, platformFees: 0 };
      return { pending: eur.pending - old.pending, fees: eur.platformFees - old.platformFees };
    };
    // 10 % fee, rounded half up: 3998 → fee 400, net 3598; 1005 → fee 101 (100.5 rounds up), net 904.
    expect(await pendingDelta(sellerA, before.a)).to.deep.equal({ pending: 3598, fees: 400 });
    expect(await pendingDelta(sellerB, before.b)).to.deep.equal({ pending: 904, fees: 101 });
  });

  it("takes the order's lines out of the cart under the order's id: the step repeated, as a recovery would, leaves the refilled cart alone", async () => {
    const [lamp, rug] = await Promise.all([
      createProduct(api, sellerA, { stock: 10 }),
      createProduct(api, sellerB, { stock: 10 }),
    ]);
    const buyer = await signUp(api);
    await putInCart(api, buyer, lamp.id, 2);
    const res = await checkout(api, buyer, randomUUID());
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(201);
    expect((await cartOf(api, buyer)).items).to.deep.equal([]);

    await putInCart(api, buyer, lamp.id, 2);
    await putInCart(api, buyer, rug.id, 1);
    const inventory = httpClient(system.processes.inventory!.url);
    const orderId = (res.body as unknown as { id: string }).id;
    const repeat = await inventory.post<{ status: string }>(`internal/reservations/${orderId}/confirm`, {
      json: { buyerId: buyer.id },
    });
    expect([repeat.statusCode, repeat.body.status]).to.deep.equal([200, 'confirmed']);
    // The call of a saga an earlier version recorded at reservation_confirmed, repeated too.
    const repeatAlone = await inventory.put(`internal/carts/${buyer.id}/purchases/${orderId}`, {
      json: { items: [{ productId: lamp.id, quantity: 2 }] },
    });
    expect(repeatAlone.statusCode).to.equal(204);
    expect((await cartOf(api, buyer)).items.map(({ productId, quantity }) => [productId, quantity])).to.deep.equal([
      [lamp.id, 2],
      [rug.id, 1],
    ]);
    expect(await stockOf(api, lamp.id)).to.equal(8);
  });

  for (const [method, status, code] of [
    ['pm_card_declined', 402, 'payment_declined'],
    ['pm_card_insufficient_funds', 402, 'payment_declined'],
    ['pm_card_error', 502, 'payment_failed'],
  ] as const) {
    it(`leaves stock, cart and money unchanged when ${method} fails (${status} ${code})`, async () => {
      const product = await createProduct(api, sellerA, { stock: 4 });
      const buyer = await signUp(api);
      await putInCart(api, buyer, product.id, 3);
      const res = await checkout(api, buyer, randomUUID(), { shippingAddress: ADDRESS, paymentMethod: method });
      expect(res.statusCode).to.equal(status);
      expect(res.headers['content-type']).to.match(/application\/problem\+json/);
      expect((res.body as any).code).to.equal(code);
      expect(await stockOf(api, product.id)).to.equal(4);
      expect(
        (await cartOf(api, buyer)).items.map(({ productId, quantity }) => ({ productId, quantity })),
      ).to.deep.equal([{ productId: product.id, quantity: 3 }]);
      const orders = await ordersOf(api, buyer);
      expect(orders.map((o) => o.status)).to.deep.equal(['payment_failed']);
      expect(orders[0].payment?.status ?? 'failed').to.equal('failed');
    });
  }

  it('refuses a checkout beyond the stock with 409 insufficient_stock and changes nothing', async () => {
    const product = await createProduct(api, sellerA, { stock: 5 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 5);
    const patch = await api.patch(`api/v1/seller/products/${product.id}`, {
      headers: sellerA.auth,
      json: { stock: 2 },
    });
    expect(patch.statusCode).to.equal(200);
    const res = await checkout(api, buyer, randomUUID());
    expect(res.statusCode).to.equal(409);
    expect((res.body as any).code).to.equal('insufficient_stock');
    expect(await stockOf(api, product.id)).to.equal(2);
    expect((await cartOf(api, buyer)).items.map((i) => i.quantity)).to.deep.equal([5]);
  });

  it('answers 400 empty_cart for an empty cart and 400 mixed_currency when prices changed currency', async () => {
    const buyer = await signUp(api);
    const empty = await checkout(api, buyer, randomUUID());
    expect(empty.statusCode).to.equal(400);
    expect((empty.body as any).code).to.equal('empty_cart');

    const [eur, other] = await Promise.all([createProduct(api, sellerA), createProduct(api, sellerB)]);
    await putInCart(api, buyer, eur.id, 1);
    await putInCart(api, buyer, other.id, 1);
    const patch = await api.patch(`api/v1/seller/products/${other.id}`, {
      headers: sellerB.auth,
      json: { currency: 'USD' },
    });
    expect(patch.statusCode).to.equal(200);
    const mixed = await checkout(api, buyer, randomUUID());
    expect(mixed.statusCode).to.equal(400);
    expect((mixed.body as any).code).to.equal('mixed_currency');
    expect(await stockOf(api, eur.id)).to.equal(10);
  });

  it('validates the request: key, address, payment method, token', async () => {
    const buyer = await signUp(api);
    const noKey = await api.post('api/v1/checkout', {
      headers: buyer.auth,
      json: { shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa' },
    });
    expect(noKey.statusCode).to.equal(400);
    expect((noKey.body as any).code).to.equal('idempotency_key_missing');
    const both = await checkout(api, buyer, randomUUID(), {
      addressId: 'x',
      shippingAddress: ADDRESS,
      paymentMethod: 'pm_card_visa',
    });
    expect(both.statusCode).to.equal(400);
    expect((both.body as any).code).to.equal('validation_failed');
    const badMethod = await checkout(api, buyer, randomUUID(), {
      shippingAddress: ADDRESS,
      paymentMethod: 'pm_card_amex',
    });
    expect(badMethod.statusCode).to.equal(400);
    const badKey = await checkout(api, buyer, 'k'.repeat(256));
    expect(badKey.statusCode).to.equal(400);
    const anonymous = await api.post('api/v1/checkout', {
      headers: { 'idempotency-key': 'k' },
      json: { shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa' },
    });
    expect(anonymous.statusCode).to.equal(401);
    expect(anonymous.headers['www-authenticate']).to.equal('Bearer realm="agora"');
  });

  it("refuses another buyer's saved address with 404 and uses the caller's own", async () => {
    const [owner, other] = await Promise.all([signUp(api), signUp(api)]);
    const saved = await api.post('api/v1/me/addresses', { headers: owner.auth, json: ADDRESS });
    expect(saved.statusCode).to.equal(201);
    const addressId = (saved.body as unknown as { id: string }).id;
    const product = await createProduct(api, sellerA);
    await putInCart(api, other, product.id, 1);
    const foreign = await checkout(api, other, randomUUID(), { addressId, paymentMethod: 'pm_card_visa' });
    expect(foreign.statusCode).to.equal(404);
    await putInCart(api, owner, product.id, 1);
    const own = await checkout(api, owner, randomUUID(), { addressId, paymentMethod: 'pm_card_visa' });
    expect(own.statusCode).to.equal(201);
    expect((own.body as any).shippingAddress).to.include(ADDRESS);
  });

  it('replays the first response for the same key and body, and refuses another body with 422', async () => {
    const product = await createProduct(api, sellerA, { stock: 5 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 1);
    const key = randomUUID();
    const first = await checkout(api, buyer, key);
    expect(first.statusCode).to.equal(201);
    const again = await checkout(api, buyer, key);
    expect(again.statusCode).to.equal(201);
    expect(again.body).to.deep.equal(first.body);
    const other = await checkout(api, buyer, key, {
      shippingAddress: { ...ADDRESS, city: 'Porto' },
      paymentMethod: 'pm_card_visa',
    });
    expect(other.statusCode).to.equal(422);
    expect((other.body as any).code).to.equal('idempotency_key_reused');
    expect(await stockOf(api, product.id)).to.equal(4);
    expect(await ordersOf(api, buyer)).to.have.length(1);
  });

  it('turns 20 concurrent replays of one checkout into one order and one charge', async () => {
    const product = await createProduct(api, sellerA, { stock: 50 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 2);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => checkout(api, buyer, key)));
    const statuses = answers.map((a) => a.statusCode);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    ).to.equal(true);
    const conflicts = answers.filter((a) => a.statusCode === 409).map((a) => (a.body as any).code);
    expect(new Set(conflicts)).to.satisfy(
      (codes: Set<string>) => codes.size === 0 || (codes.size === 1 && codes.has('idempotency_key_in_use')),
    );
    const orderIds = new Set(answers.filter((a) => a.statusCode === 201).map((a) => (a.body as any).id));
    expect(orderIds.size).to.equal(1);
    const replay = await checkout(api, buyer, key);
    expect(replay.statusCode).to.equal(201);
    expect(await stockOf(api, product.id)).to.equal(48);
    const orders = await ordersOf(api, buyer);
    expect(orders).to.have.length(1);
    expect(orders[0].payment).to.include({ status: 'captured', amount: 2 * product.price });
  });

  it('sells exactly the stock when 100 buyers race for the last 10 units', async () => {
    const product = await createProduct(api, sellerB, { stock: 10, price: 700 });
    const buyers: Account[] = [];
    for (let i = 0; i < 100; i += 20)
      buyers.push(...(await Promise.all(Array.from({ length: 20 }, () => signUp(api)))));
    for (let i = 0; i < 100; i += 25)
      await Promise.all(buyers.slice(i, i + 25).map((b) => putInCart(api, b, product.id, 1)));
    // Retried with the same key on a 503, as clients do: on a busy machine admission control may refuse some at first.
    const wave: WaveBuyer[] = buyers.map((account) => ({
      account,
      key: randomUUID(),
      lines: [{ productId: product.id, quantity: 1 }],
      paymentMethod: 'pm_card_visa',
      statuses: [],
    }));
    await Promise.all(wave.map((buyer) => checkoutUntilFinal(api, buyer, Date.now() + 60_000)));
    const answers = wave.map((buyer) => ({ statusCode: buyer.final?.status ?? 0, body: buyer.final?.body ?? {} }));
    const sold = answers.filter((a) => a.statusCode === 201);
    const refused = answers.filter((a) => a.statusCode === 409 && (a.body as any).code === 'insufficient_stock');
    expect(sold.length, answers.map((a) => `${a.statusCode} ${(a.body as any).code ?? ''}`).join(',')).to.equal(10);
    expect(refused).to.have.length(90);
    expect(await stockOf(api, product.id)).to.equal(0);
    const charged = [];
    for (const buyer of buyers)
      for (const order of await ordersOf(api, buyer)) if (order.payment?.status === 'captured') charged.push(order);
    expect(charged).to.have.length(10);
  });

  it('cancels a paid order: refunded in full, restocked, cancelled; a second cancel is 409', async () => {
    const product = await createProduct(api, sellerA, { stock: 6, price: 2500 });
    const buyer = await signUp(api);
    await putInCart(api, buyer, product.id, 2);
    const order = (await checkout(api, buyer, randomUUID())).body as any;
    expect(await stockOf(api, product.id)).to.equal(4);
    const res = await api.post(`api/v1/orders/${order.id}/cancel`, { headers: buyer.auth });
    expect(res.statusCode, JSON.stringify(res.body)).to.equal(200);
    expect((res.body as any).status).to.equal('cancelled');
    expect((res.body as any).payment).to.include({ status: 'refunded', amount: 5000, refundedAmount: 5000 });
    expect(await stockOf(api, product.id)).to.equal(6);
    const view = await api.get(`api/v1/orders/${order.id}`, { headers: buyer.auth });
    expect((view.body as any).payment).to.include({ status: 'refunded', refundedAmount: 5000 });
    const again = await api.post(`api/v1/orders/${order.id}/cancel`, { headers: buyer.auth });
    expect(again.statusCode).to.equal(409);
    expect((again.body as any).code).to.equal('invalid_state');
  });

  it("refuses to cancel once a shipment shipped, and hides other buyers' orders", async () => {
    const product = await createProduct(api, sellerA, { stock: 3 });
    const [buyer, stranger] = await Promise.all([signUp(api), signUp(api)]);
    await putInCart(api, buyer, product.id, 1);
    const order = (await checkout(api, buyer, randomUUID())).body as any;
    expect((await api.post(`api/v1/orders/${order.id}/cancel`, { headers: stranger.auth })).statusCode).to.equal(404);
    const shipment = order.shipments[0];
    const ship = await api.post(`api/v1/seller/shipments/${shipment.id}/ship`, {
      headers: sellerA.auth,
      json: { carrier: 'DHL', trackingNumber: 'JD0001' },
    });
    expect(ship.statusCode).to.equal(200);
    const cancel = await api.post(`api/v1/orders/${order.id}/cancel`, { headers: buyer.auth });
    expect(cancel.statusCode).to.equal(409);
    expect((cancel.body as any).code).to.equal('invalid_state');
    expect(await stockOf(api, product.id)).to.equal(2);
  });
});
