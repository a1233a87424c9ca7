import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases } from '@agora/test-kit';
import { ADDRESS, line, placeOrder, startOrders, type OrdersUnderTest } from './orders-under-test.js';

describe("orders: a buyer's orders", () => {
  let orders: OrdersUnderTest;
  before(async () => {
    orders = await startOrders();
  });
  after(async () => {
    await orders.stop();
    await dropTestDatabases();
  });

  it("lists the buyer's own orders newest first, with keyset pages that neither skip nor repeat", async () => {
    const buyer = randomUUID();
    await placeOrder(orders, randomUUID(), [line('s1')]);
    const placed: any[] = [];
    for (let i = 0; i < 7; i++)
      placed.push(await placeOrder(orders, buyer, [line('s1', { quantity: i + 1 })], { paid: i % 2 === 0 }));
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const res = await orders.as(buyer).get('orders', { searchParams: { limit: 3, ...(cursor ? { cursor } : {}) } });
      expect(res.statusCode).to.equal(200);
      const page = res.body as any;
      expect(page.items.length).to.be.at.most(3);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((o) => o.id).sort()).to.deep.equal(placed.map((o) => o.id).sort());
    const keys = seen.map((o) => `${o.createdAt}|${o.id}`);
    expect(keys).to.deep.equal([...keys].sort().reverse());
    expect(seen.every((o) => o.buyerId === buyer && o.shipments.length === 1)).to.equal(true);
    // The paying payment by id once paid (the aggregator joins its state), null before.
    const paymentOf = new Map(seen.map((o) => [o.id, o.payment]));
    expect(placed.map((o) => paymentOf.get(o.id))).to.deep.equal(
      placed.map((_, i) => (i % 2 === 0 ? { id: 'pay_1' } : null)),
    );
  });

  it('lists each order with its own lines and shipments, as it reads alone', async () => {
    const buyer = randomUUID();
    const placed = [
      await placeOrder(orders, buyer, [line('s1'), line('s2', { quantity: 2 }), line('s1', { quantity: 3 })]),
      await placeOrder(orders, buyer, [line('s3')], { paid: true }),
      await placeOrder(orders, buyer, [line('s2'), line('s3')]),
    ];
    const listed = (await orders.as(buyer).get('orders')).body as any;
    expect(listed.items.map((o: any) => o.id).sort()).to.deep.equal(placed.map((o) => o.id).sort());
    for (const order of listed.items) {
      expect(order).to.deep.equal((await orders.as(buyer).get(`orders/${order.id}`)).body);
    }
    expect(listed.items.map((o: any) => o.items.length).sort()).to.deep.equal([1, 2, 3]);
    expect(listed.items.map((o: any) => o.shipments.length).sort()).to.deep.equal([1, 2, 2]);
  });

  it("reads one of the buyer's orders with its lines and shipments", async () => {
    const buyer = randomUUID();
    const placed = await placeOrder(orders, buyer, [line('s1'), line('s2')], { paid: true });
    const res = await orders.as(buyer).get(`orders/${placed.id}`);
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal(placed);
    expect((res.body as any).status).to.equal('paid');
  });

  it("never shows another buyer's order: 404 on read and absent from the list", async () => {
    const owner = randomUUID();
    const other = randomUUID();
    const placed = await placeOrder(orders, owner, [line('s1')]);
    const res = await orders.as(other).get(`orders/${placed.id}`);
    expect(res.statusCode).to.equal(404);
    expect(res.body).to.include({ code: 'not_found' });
    expect(((await orders.as(other).get('orders')).body as any).items).to.deep.equal([]);
    expect((await orders.as(owner).get(`orders/${randomUUID()}`)).statusCode).to.equal(404);
  });

  it('needs a caller', async () => {
    expect((await orders.internal.get('orders')).statusCode).to.equal(401);
  });

  it("keeps the order's address copy when the saved address is edited or deleted", async () => {
    const buyer = orders.as(randomUUID());
    const buyerId = (buyer.defaults.options.headers as Record<string, string>)['x-agora-user-id'];
    const saved = (await buyer.post('me/addresses', { json: { ...ADDRESS, phone: '+44 1' } })).body as any;
    const { id: _id, ...copy } = saved;
    const placed = await placeOrder(orders, buyerId, [line('s1')], { shippingAddress: copy });
    await buyer.patch(`me/addresses/${saved.id}`, { json: { line1: 'Somewhere else', city: 'Leeds', phone: null } });
    expect(((await buyer.get(`orders/${placed.id}`)).body as any).shippingAddress).to.deep.equal(copy);
    await buyer.delete(`me/addresses/${saved.id}`);
    expect(((await buyer.get(`orders/${placed.id}`)).body as any).shippingAddress).to.deep.equal(copy);
  });
});
