import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases } from '@agora/test-kit';
import { ADDRESS, line, placeOrder, startOrders, type OrdersUnderTest } from './orders-under-test.js';

describe("orders: the saga's internal order API", () => {
  let orders: OrdersUnderTest;
  before(async () => {
    orders = await startOrders();
  });
  after(async () => {
    await orders.stop();
    await dropTestDatabases();
  });

  const body = (overrides: object = {}) => ({
    buyerId: 'buyer-1',
    currency: 'EUR',
    items: [
      line('seller-a', { productId: 'p1', unitPrice: 1999, quantity: 2 }),
      line('seller-b', { productId: 'p2', unitPrice: 500 }),
      line('seller-a', { productId: 'p3', unitPrice: 100, quantity: 3 }),
    ],
    shippingAddress: ADDRESS,
    ...overrides,
  });

  it('records a pending order with a snapshot of its lines and one pending shipment per seller', async () => {
    const id = randomUUID();
    const res = await orders.internal.put(`internal/orders/${id}`, { json: body() });
    expect(res.statusCode).to.equal(201);
    const order = res.body as any;
    expect(order).to.include({
      id,
      buyerId: 'buyer-1',
      status: 'pending',
      currency: 'EUR',
      subtotal: 4798,
      total: 4798,
      payment: null,
    });
    expect(order.items[0]).to.deep.equal({
      productId: 'p1',
      sellerId: 'seller-a',
      title: 'Teapot',
      unitPrice: 1999,
      quantity: 2,
      lineTotal: 3998,
    });
    expect(order.shippingAddress).to.deep.equal({ ...ADDRESS, line2: null, phone: null });
    expect(order.shipments).to.have.length(2);
    const bySeller = Object.fromEntries(order.shipments.map((s: any) => [s.sellerId, s]));
    expect(bySeller['seller-a']).to.include({
      orderId: id,
      status: 'pending',
      carrier: null,
      trackingNumber: null,
      shippedAt: null,
      deliveredAt: null,
    });
    expect(bySeller['seller-a'].items.map((l: any) => l.productId)).to.deep.equal(['p1', 'p3']);
    expect(bySeller['seller-b'].items.map((l: any) => l.productId)).to.deep.equal(['p2']);
    expect(Date.parse(order.createdAt)).to.be.closeTo(Date.now(), 60_000);
  });

  it('answers an identical repeat with 200 and the same order, creating nothing more', async () => {
    const id = randomUUID();
    const first = await orders.internal.put(`internal/orders/${id}`, { json: body() });
    const again = await orders.internal.put(`internal/orders/${id}`, { json: body() });
    expect(again.statusCode).to.equal(200);
    expect(again.body).to.deep.equal(first.body);
  });

  it('treats concurrent identical first attempts as one order', async () => {
    const id = randomUUID();
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => orders.internal.put(`internal/orders/${id}`, { json: body() })),
    );
    expect(results.map((r) => r.statusCode).sort()).to.deep.equal([200, 200, 200, 201]);
    const shipmentIds = results.map((r) =>
      (r.body as any).shipments
        .map((s: any) => s.id)
        .sort()
        .join(),
    );
    expect(new Set(shipmentIds).size).to.equal(1);
  });

  it('refuses the same order id with another body (idempotency_key_reused)', async () => {
    const id = randomUUID();
    await orders.internal.put(`internal/orders/${id}`, { json: body() });
    const res = await orders.internal.put(`internal/orders/${id}`, { json: body({ currency: 'USD' }) });
    expect(res.statusCode).to.equal(422);
    expect(res.body).to.include({ code: 'idempotency_key_reused' });
  });

  const invalid: Array<[string, object]> = [
    ['no lines', body({ items: [] })],
    ['a zero quantity', body({ items: [line('s', { quantity: 0 })] })],
    ['a negative price', body({ items: [line('s', { unitPrice: -1 })] })],
    ['a fractional price', body({ items: [line('s', { unitPrice: 1.5 })] })],
    ['an unassigned country', body({ shippingAddress: { ...ADDRESS, country: 'QQ' } })],
    ['a lowercase currency', body({ currency: 'eur' })],
    ['an unknown property', body({ coupon: 'FREE' })],
  ];
  for (const [what, json] of invalid) {
    it(`refuses an order with ${what}`, async () => {
      const res = await orders.internal.put(`internal/orders/${randomUUID()}`, { json });
      expect(res.statusCode).to.equal(400);
      expect(res.body).to.include({ code: 'validation_failed' });
    });
  }

  it('reads any order by id, and 404 for an unknown one', async () => {
    const placed = await placeOrder(orders, 'buyer-2', [line('s1')]);
    const res = await orders.internal.get(`internal/orders/${placed.id}`);
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal(placed);
    expect((await orders.internal.get(`internal/orders/${randomUUID()}`)).statusCode).to.equal(404);
    const move = await orders.internal.post(`internal/orders/${randomUUID()}/transitions`, {
      json: { status: 'paid' },
    });
    expect(move.statusCode).to.equal(404);
  });

  it('refuses a status the saga may not set', async () => {
    const placed = await placeOrder(orders, 'buyer-2', [line('s1')]);
    const res = await orders.internal.post(`internal/orders/${placed.id}/transitions`, { json: { status: 'shipped' } });
    expect(res.statusCode).to.equal(400);
  });

  describe('transitions, from every reachable status', () => {
    type Start = 'pending' | 'paid' | 'payment_failed' | 'cancelled' | 'shipped' | 'delivered';
    const move = (id: string, status: string) =>
      orders.internal.post(`internal/orders/${id}/transitions`, { json: { status } });

    async function orderIn(status: Start): Promise<any> {
      const order = await placeOrder(orders, 'buyer-3', [line('seller-t')]);
      const seller = orders.as('seller-t', 'seller');
      const shipment = order.shipments[0].id;
      const steps: Record<Start, Array<() => Promise<{ statusCode: number }>>> = {
        pending: [],
        paid: [() => move(order.id, 'paid')],
        payment_failed: [() => move(order.id, 'payment_failed')],
        cancelled: [() => move(order.id, 'paid'), () => move(order.id, 'cancelled')],
        shipped: [
          () => move(order.id, 'paid'),
          () => seller.post(`seller/shipments/${shipment}/ship`, { json: { carrier: 'DHL', trackingNumber: 'T1' } }),
        ],
        delivered: [
          () => move(order.id, 'paid'),
          () => seller.post(`seller/shipments/${shipment}/ship`, { json: { carrier: 'DHL', trackingNumber: 'T1' } }),
          () => seller.post(`seller/shipments/${shipment}/deliver`),
        ],
      };
      for (const step of steps[status]) expect((await step()).statusCode).to.equal(200);
      return order;
    }

    const legal = new Set(['pending>paid', 'pending>payment_failed', 'paid>cancelled']);
    const starts: Start[] = ['pending', 'paid', 'payment_failed', 'cancelled', 'shipped', 'delivered'];
    for (const from of starts) {
      for (const to of ['paid', 'payment_failed', 'cancelled']) {
        // A repeated `paid` whose first answer the saga lost, after the seller shipped or the buyer cancelled.
        const movedPast = to === 'paid' && ['shipped', 'delivered', 'cancelled'].includes(from);
        const outcome =
          from === to
            ? 'unchanged'
            : movedPast
              ? 'already done, unchanged'
              : legal.has(`${from}>${to}`)
                ? 'moves'
                : 'invalid_state';
        it(`${from} → ${to}: ${outcome}`, async () => {
          const order = await orderIn(from);
          const res = await move(order.id, to);
          const after = (await orders.internal.get(`internal/orders/${order.id}`)).body as any;
          if (outcome === 'invalid_state') {
            expect(res.statusCode).to.equal(409);
            expect(res.body).to.include({ code: 'invalid_state' });
            expect(after.status).to.equal(from);
          } else {
            expect(res.statusCode).to.equal(200);
            expect((res.body as any).status).to.equal(movedPast ? from : to);
            expect(after.status).to.equal(movedPast ? from : to);
          }
          if (outcome === 'moves' && to !== 'paid')
            expect(after.shipments.map((s: any) => s.status)).to.deep.equal(['cancelled']);
        });
      }
    }

    it('refuses to cancel once any shipment has shipped, even while the order is still paid', async () => {
      const order = await placeOrder(orders, 'buyer-3', [line('seller-x'), line('seller-y')], { paid: true });
      const shipment = order.shipments.find((s: any) => s.sellerId === 'seller-x');
      await orders
        .as('seller-x', 'seller')
        .post(`seller/shipments/${shipment.id}/ship`, { json: { carrier: 'UPS', trackingNumber: '1Z' } });
      const res = await move(order.id, 'cancelled');
      expect(res.statusCode).to.equal(409);
      const after = (await orders.internal.get(`internal/orders/${order.id}`)).body as any;
      expect(after.status).to.equal('paid');
      expect(after.shipments.map((s: any) => s.status).sort()).to.deep.equal(['pending', 'shipped']);
    });
  });
});
