import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases } from '@agora/test-kit';
import { line, placeOrder, startOrders, type OrdersUnderTest } from './orders-under-test.js';

describe("orders: sellers' sales and shipments", () => {
  let orders: OrdersUnderTest;
  before(async () => {
    orders = await startOrders({ DELIVERY_REPORT_INTERVAL_MS: '3600000' });
  });
  after(async () => {
    await orders.stop();
    await dropTestDatabases();
  });

  const sellerClient = (id: string) => orders.as(id, 'seller');
  const ship = (sellerId: string, shipmentId: string) =>
    sellerClient(sellerId).post(`seller/shipments/${shipmentId}/ship`, {
      json: { carrier: 'DHL', trackingNumber: 'JD0146' },
    });
  const deliver = (sellerId: string, shipmentId: string) =>
    sellerClient(sellerId).post(`seller/shipments/${shipmentId}/deliver`);
  const shipmentOf = (order: any, sellerId: string) => order.shipments.find((s: any) => s.sellerId === sellerId);
  const orderStatus = async (id: string) => ((await orders.internal.get(`internal/orders/${id}`)).body as any).status;

  it('ships and delivers, and the order follows its shipments', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const order = await placeOrder(orders, randomUUID(), [line(a), line(b)], { paid: true });
    const shipped = await ship(a, shipmentOf(order, a).id);
    expect(shipped.statusCode).to.equal(200);
    expect(shipped.body).to.include({ status: 'shipped', carrier: 'DHL', trackingNumber: 'JD0146', deliveredAt: null });
    expect(Date.parse((shipped.body as any).shippedAt)).to.be.closeTo(Date.now(), 60_000);
    expect(await orderStatus(order.id)).to.equal('paid');
    expect((await deliver(a, shipmentOf(order, a).id)).body).to.include({ status: 'delivered' });
    expect(await orderStatus(order.id)).to.equal('paid');
    expect((await ship(b, shipmentOf(order, b).id)).statusCode).to.equal(200);
    expect(await orderStatus(order.id)).to.equal('shipped');
    const delivered = await deliver(b, shipmentOf(order, b).id);
    expect(delivered.statusCode).to.equal(200);
    expect(Date.parse((delivered.body as any).deliveredAt)).to.be.closeTo(Date.now(), 60_000);
    expect(await orderStatus(order.id)).to.equal('delivered');
  });

  describe('shipment moves from every status', () => {
    type Setup = 'unpaid order' | 'failed payment' | 'cancelled order' | 'pending' | 'shipped' | 'delivered';
    async function shipmentIn(setup: Setup) {
      const seller = randomUUID();
      const order = await placeOrder(orders, randomUUID(), [line(seller)], {
        paid: !['unpaid order', 'failed payment'].includes(setup),
      });
      const id = order.shipments[0].id;
      if (setup === 'failed payment')
        await orders.internal.post(`internal/orders/${order.id}/transitions`, { json: { status: 'payment_failed' } });
      if (setup === 'cancelled order')
        await orders.internal.post(`internal/orders/${order.id}/transitions`, { json: { status: 'cancelled' } });
      if (setup === 'shipped' || setup === 'delivered') expect((await ship(seller, id)).statusCode).to.equal(200);
      if (setup === 'delivered') expect((await deliver(seller, id)).statusCode).to.equal(200);
      return { seller, id };
    }
    const table: Array<[Setup, 'ship' | 'deliver', number]> = [
      ['unpaid order', 'ship', 409],
      ['failed payment', 'ship', 409],
      ['cancelled order', 'ship', 409],
      ['pending', 'ship', 200],
      ['shipped', 'ship', 409],
      ['delivered', 'ship', 409],
      ['unpaid order', 'deliver', 409],
      ['cancelled order', 'deliver', 409],
      ['pending', 'deliver', 409],
      ['shipped', 'deliver', 200],
      ['delivered', 'deliver', 409],
    ];
    for (const [setup, action, status] of table) {
      it(`${action} a shipment (${setup}) → ${status}`, async () => {
        const { seller, id } = await shipmentIn(setup);
        const res = action === 'ship' ? await ship(seller, id) : await deliver(seller, id);
        expect(res.statusCode).to.equal(status);
        if (status === 409) expect(res.body).to.include({ code: 'invalid_state' });
      });
    }
  });

  it('answers 404 to another seller and 403 to a buyer, changing nothing', async () => {
    const [owner, other] = [randomUUID(), randomUUID()];
    const order = await placeOrder(orders, randomUUID(), [line(owner)], { paid: true });
    const id = order.shipments[0].id;
    expect((await ship(other, id)).statusCode).to.equal(404);
    expect((await deliver(other, id)).statusCode).to.equal(404);
    const asBuyer = await orders
      .as(owner, 'buyer')
      .post(`seller/shipments/${id}/ship`, { json: { carrier: 'DHL', trackingNumber: 'x' } });
    expect(asBuyer.statusCode).to.equal(403);
    expect(asBuyer.body).to.include({ code: 'forbidden' });
    expect((await ship(owner, randomUUID())).statusCode).to.equal(404);
    expect(((await orders.internal.get(`internal/orders/${order.id}`)).body as any).shipments[0].status).to.equal(
      'pending',
    );
  });

  it('refuses a ship request without carrier or tracking number', async () => {
    const seller = randomUUID();
    const order = await placeOrder(orders, randomUUID(), [line(seller)], { paid: true });
    const res = await sellerClient(seller).post(`seller/shipments/${order.shipments[0].id}/ship`, {
      json: { carrier: 'DHL' },
    });
    expect(res.statusCode).to.equal(400);
    expect(res.body).to.include({ code: 'validation_failed' });
  });

  it("lists a seller's sales of paid orders with only that seller's lines and subtotal", async () => {
    const [a, b, buyer] = [randomUUID(), randomUUID(), randomUUID()];
    const order = await placeOrder(
      orders,
      buyer,
      [line(a, { unitPrice: 700, quantity: 2 }), line(b, { unitPrice: 9999 }), line(a, { unitPrice: 50 })],
      { paid: true },
    );
    await placeOrder(orders, buyer, [line(a)]);
    const res = await sellerClient(a).get('seller/sales');
    expect(res.statusCode).to.equal(200);
    const { items, nextCursor } = res.body as any;
    expect(nextCursor).to.equal(null);
    expect(items).to.have.length(1);
    const sale = items[0];
    expect(sale).to.include({
      id: shipmentOf(order, a).id,
      orderId: order.id,
      sellerId: a,
      status: 'pending',
      buyerId: buyer,
      subtotal: 1450,
      currency: 'EUR',
      createdAt: order.createdAt,
    });
    expect(sale.items.every((l: any) => l.sellerId === a)).to.equal(true);
    expect(sale.items.map((l: any) => l.lineTotal)).to.deep.equal([1400, 50]);
    expect(sale.shippingAddress).to.deep.equal(order.shippingAddress);
    const other = ((await sellerClient(b).get('seller/sales')).body as any).items;
    expect(other.map((s: any) => s.subtotal)).to.deep.equal([9999]);
  });

  it('filters sales by shipment status and pages through them newest first', async () => {
    const seller = randomUUID();
    const placed: any[] = [];
    for (let i = 0; i < 5; i++) placed.push(await placeOrder(orders, randomUUID(), [line(seller)], { paid: true }));
    await ship(seller, placed[1].shipments[0].id);
    await ship(seller, placed[3].shipments[0].id);
    const shipped = (
      (await sellerClient(seller).get('seller/sales', { searchParams: { status: 'shipped' } })).body as any
    ).items;
    expect(shipped.map((s: any) => s.orderId).sort()).to.deep.equal([placed[1].id, placed[3].id].sort());
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await sellerClient(seller).get('seller/sales', { searchParams: { limit: 2, ...(cursor ? { cursor } : {}) } })
      ).body as any;
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((s) => s.orderId).sort()).to.deep.equal(placed.map((o) => o.id).sort());
    const keys = seen.map((s) => `${s.createdAt}|${s.id}`);
    expect(keys).to.deep.equal([...keys].sort().reverse());
    expect((await sellerClient(seller).get('seller/sales', { searchParams: { status: 'lost' } })).statusCode).to.equal(
      400,
    );
  });

  it('keeps sales to sellers: a buyer is refused', async () => {
    const res = await orders.as(randomUUID(), 'buyer').get('seller/sales');
    expect(res.statusCode).to.equal(403);
  });
});
