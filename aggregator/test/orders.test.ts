import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { dropTestDatabases, httpClient, startSystem, type SystemHandle, type TestHttp } from '@agora/test-kit';
import { ADDRESS, signUp, type Account } from './support/marketplace.js';

/** Every aggregator response is also checked against public.yaml by the test-kit's client. */
describe('addresses, orders and sales through the aggregator (real auth, orders and aggregator processes)', function () {
  this.timeout(60_000);
  let system: SystemHandle;
  let api: TestHttp;
  let ordersInternal: TestHttp;
  let buyer: Account;
  let otherBuyer: Account;
  let seller: Account;
  let otherSeller: Account;

  before(async function () {
    // Four real processes and four password hashes: slow on a busy machine.
    this.timeout(180_000);
    system = await startSystem({ services: ['auth', 'orders'], env: { LOG_LEVEL: 'warn' } });
    api = httpClient(system.url);
    ordersInternal = httpClient(system.processes.orders!.url);
    [buyer, otherBuyer, seller, otherSeller] = await Promise.all([
      signUp(api, 'buyer', 'Bea Buyer'),
      signUp(api, 'buyer', 'Otto Other'),
      signUp(api, 'seller', 'Sam Seller'),
      signUp(api, 'seller', 'Sue Seller'),
    ]);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  /** What the checkout saga does: record the order on the orders service, then mark it paid. */
  async function paidOrder(
    owner: Account,
    lines: Array<{ seller: Account; unitPrice: number; quantity?: number }>,
  ): Promise<any> {
    const id = randomUUID();
    const items = lines.map((l) => ({
      productId: randomUUID(),
      sellerId: l.seller.id,
      title: 'Lamp',
      unitPrice: l.unitPrice,
      quantity: l.quantity ?? 1,
    }));
    const put = await ordersInternal.put(`internal/orders/${id}`, {
      json: { buyerId: owner.id, currency: 'EUR', items, shippingAddress: ADDRESS },
    });
    expect(put.statusCode).to.equal(201);
    const paid = await ordersInternal.post(`internal/orders/${id}/transitions`, {
      json: { status: 'paid', paymentId: randomUUID() },
    });
    expect(paid.statusCode).to.equal(200);
    return paid.body;
  }
  const shipmentOf = (order: any, owner: Account) => order.shipments.find((s: any) => s.sellerId === owner.id);

  it("keeps a buyer's address book: create, list, read, change, delete; another buyer gets 404", async () => {
    const created = await api.post('api/v1/me/addresses', { headers: buyer.auth, json: ADDRESS });
    expect(created.statusCode).to.equal(201);
    const { id } = created.body as any;
    const list = await api.get('api/v1/me/addresses', { headers: buyer.auth });
    expect((list.body as any).items.map((a: any) => a.id)).to.include(id);
    expect((await api.get(`api/v1/me/addresses/${id}`, { headers: buyer.auth })).body).to.deep.include({
      id,
      line2: null,
      phone: null,
    });
    expect((await api.get(`api/v1/me/addresses/${id}`, { headers: otherBuyer.auth })).statusCode).to.equal(404);
    expect(
      (await api.patch(`api/v1/me/addresses/${id}`, { headers: otherBuyer.auth, json: { city: 'Porto' } })).statusCode,
    ).to.equal(404);
    expect((await api.delete(`api/v1/me/addresses/${id}`, { headers: otherBuyer.auth })).statusCode).to.equal(404);
    const changed = await api.patch(`api/v1/me/addresses/${id}`, { headers: buyer.auth, json: { city: 'Porto' } });
    expect(changed.statusCode).to.equal(200);
    expect(changed.body).to.include({ city: 'Porto' });
    expect((await api.delete(`api/v1/me/addresses/${id}`, { headers: buyer.auth })).statusCode).to.equal(204);
    expect((await api.get(`api/v1/me/addresses/${id}`, { headers: buyer.auth })).statusCode).to.equal(404);
  });

  it('validates addresses with the public spec and the country list', async () => {
    for (const json of [
      { ...ADDRESS, country: 'XX' },
      { ...ADDRESS, country: 'pt' },
      { ...ADDRESS, extra: 1 },
      { ...ADDRESS, fullName: '' },
    ]) {
      const res = await api.post('api/v1/me/addresses', { headers: buyer.auth, json });
      expect(res.statusCode, JSON.stringify(json)).to.equal(400);
      expect(res.body).to.include({ code: 'validation_failed' });
    }
  });

  it('refuses these routes without a token: 401 with a Bearer challenge', async () => {
    for (const path of ['api/v1/me/addresses', 'api/v1/orders', 'api/v1/seller/sales']) {
      const res = await api.get(path);
      expect(res.statusCode, path).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('Bearer realm="agora"');
    }
  });

  it("lists and reads the buyer's own orders with shipments and a payment field; another buyer gets 404", async () => {
    const order = await paidOrder(buyer, [
      { seller, unitPrice: 1200, quantity: 2 },
      { seller: otherSeller, unitPrice: 300 },
    ]);
    const list = await api.get('api/v1/orders', { headers: buyer.auth, searchParams: { limit: 100 } });
    expect(list.statusCode).to.equal(200);
    const listed = (list.body as any).items.find((o: any) => o.id === order.id);
    // Payments is not running here: a paid order's payment follows from the order itself.
    expect(listed).to.deep.include({
      status: 'paid',
      subtotal: 2700,
      total: 2700,
      payment: { id: order.payment.id, status: 'captured', amount: 2700, refundedAmount: 0 },
    });
    const one = await api.get(`api/v1/orders/${order.id}`, { headers: buyer.auth });
    expect(one.statusCode).to.equal(200);
    expect((one.body as any).shipments).to.have.length(2);
    const stranger = await api.get(`api/v1/orders/${order.id}`, { headers: otherBuyer.auth });
    expect(stranger.statusCode).to.equal(404);
    expect(stranger.body).to.include({ code: 'not_found' });
    expect(
      ((await api.get('api/v1/orders', { headers: otherBuyer.auth })).body as any).items.map((o: any) => o.id),
    ).to.not.include(order.id);
  });

  it('answers order history while payments is down: paid orders with their payment, the others with payment null', async () => {
    const paid = await paidOrder(buyer, [{ seller, unitPrice: 900, quantity: 3 }]);
    const pendingId = randomUUID();
    const put = await ordersInternal.put(`internal/orders/${pendingId}`, {
      json: {
        buyerId: buyer.id,
        currency: 'EUR',
        items: [{ productId: randomUUID(), sellerId: seller.id, title: 'Lamp', unitPrice: 500, quantity: 1 }],
        shippingAddress: ADDRESS,
      },
    });
    expect(put.statusCode).to.equal(201);
    const failedId = randomUUID();
    await ordersInternal.put(`internal/orders/${failedId}`, {
      json: {
        buyerId: buyer.id,
        currency: 'EUR',
        items: [{ productId: randomUUID(), sellerId: seller.id, title: 'Lamp', unitPrice: 700, quantity: 1 }],
        shippingAddress: ADDRESS,
      },
    });
    await ordersInternal.post(`internal/orders/${failedId}/transitions`, { json: { status: 'payment_failed' } });

    const list = await api.get('api/v1/orders', { headers: buyer.auth, searchParams: { limit: 100 } });
    expect(list.statusCode).to.equal(200);
    const byId = new Map((list.body as any).items.map((o: any) => [o.id, o]));
    expect((byId.get(paid.id) as any).payment).to.deep.equal({
      id: paid.payment.id,
      status: 'captured',
      amount: 2700,
      refundedAmount: 0,
    });
    expect((byId.get(pendingId) as any).payment).to.equal(null);
    expect(byId.get(failedId)).to.include({ status: 'payment_failed', payment: null });
    const one = await api.get(`api/v1/orders/${paid.id}`, { headers: buyer.auth });
    expect((one.body as any).payment).to.include({ id: paid.payment.id, status: 'captured' });
  });

  it("lists a seller's sales with the buyer's name and only that seller's lines; buyers are refused", async () => {
    const order = await paidOrder(buyer, [
      { seller, unitPrice: 1500 },
      { seller: otherSeller, unitPrice: 800 },
    ]);
    const res = await api.get('api/v1/seller/sales', { headers: seller.auth, searchParams: { limit: 100 } });
    expect(res.statusCode).to.equal(200);
    const sale = (res.body as any).items.find((s: any) => s.orderId === order.id);
    expect(sale).to.deep.include({
      buyer: { id: buyer.id, name: 'Bea Buyer' },
      subtotal: 1500,
      currency: 'EUR',
      status: 'pending',
    });
    expect(sale).to.not.have.property('buyerId');
    expect(sale.items.map((l: any) => l.sellerId)).to.deep.equal([seller.id]);
    const theirs = (
      (await api.get('api/v1/seller/sales', { headers: otherSeller.auth, searchParams: { limit: 100 } })).body as any
    ).items;
    expect(theirs.filter((s: any) => s.orderId === order.id).map((s: any) => s.subtotal)).to.deep.equal([800]);
    const asBuyer = await api.get('api/v1/seller/sales', { headers: buyer.auth });
    expect(asBuyer.statusCode).to.equal(403);
    expect(asBuyer.body).to.include({ code: 'forbidden' });
  });

  it('ships and delivers through the aggregator; the buyer sees the order follow; others are refused', async () => {
    const order = await paidOrder(buyer, [{ seller, unitPrice: 999 }]);
    const shipmentId = shipmentOf(order, seller).id;
    const ship = (who: Account) =>
      api.post(`api/v1/seller/shipments/${shipmentId}/ship`, {
        headers: who.auth,
        json: { carrier: 'CTT', trackingNumber: 'RR123' },
      });
    expect((await ship(otherSeller)).statusCode).to.equal(404);
    expect((await ship(buyer)).statusCode).to.equal(403);
    expect(
      (await api.post(`api/v1/seller/shipments/${shipmentId}/deliver`, { headers: seller.auth })).statusCode,
    ).to.equal(409);
    const shipped = await ship(seller);
    expect(shipped.statusCode).to.equal(200);
    expect(((await api.get(`api/v1/orders/${order.id}`, { headers: buyer.auth })).body as any).status).to.equal(
      'shipped',
    );
    const again = await ship(seller);
    expect(again.statusCode).to.equal(409);
    expect(again.body).to.include({ code: 'invalid_state' });
    const delivered = await api.post(`api/v1/seller/shipments/${shipmentId}/deliver`, { headers: seller.auth });
    expect(delivered.statusCode).to.equal(200);
    const final = (await api.get(`api/v1/orders/${order.id}`, { headers: buyer.auth })).body as any;
    expect(final.status).to.equal('delivered');
    expect(final.shipments[0]).to.include({ status: 'delivered', carrier: 'CTT', trackingNumber: 'RR123' });
    const sales = (
      (await api.get('api/v1/seller/sales', { headers: seller.auth, searchParams: { status: 'delivered' } }))
        .body as any
    ).items;
    expect(sales.map((s: any) => s.id)).to.include(shipmentId);
  });

  it("still serves sales with auth down, the buyer's name then null", async () => {
    const order = await paidOrder(otherBuyer, [{ seller, unitPrice: 100 }]);
    const auth = system.processes.auth!;
    await auth.kill();
    try {
      const res = await api.get('api/v1/seller/sales', { headers: seller.auth, searchParams: { limit: 100 } });
      expect(res.statusCode).to.equal(200);
      const sale = (res.body as any).items.find((s: any) => s.orderId === order.id);
      expect(sale.buyer).to.deep.equal({ id: otherBuyer.id, name: null });
      expect((await api.get('api/v1/orders', { headers: buyer.auth })).statusCode).to.equal(200);
    } finally {
      await auth.restart();
    }
  });
});
