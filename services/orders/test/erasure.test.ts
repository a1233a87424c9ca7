import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases } from '@agora/test-kit';
import { ADDRESS, line, placeOrder, startOrders, type OrdersUnderTest } from './orders-under-test.js';

const TOMBSTONE = {
  fullName: 'Erased user',
  line1: '—',
  line2: null,
  city: '—',
  postalCode: '—',
  country: 'GB',
  phone: null,
};

describe("orders: erasing a deleted user's data (POST /internal/erasures/{userId})", () => {
  let orders: OrdersUnderTest;
  before(async () => {
    orders = await startOrders({ DELIVERY_REPORT_INTERVAL_MS: '3600000' });
  });
  after(async () => {
    await orders.stop();
    await dropTestDatabases();
  });

  const erase = (userId: string) =>
    orders.internal.post<{ userId: string; erasedAt: string }>(`internal/erasures/${userId}`);
  const salesOf = async (sellerId: string) =>
    ((await orders.as(sellerId, 'seller').get('seller/sales')).body as any).items;

  it("deletes the saved addresses and tombstones the address on the buyer's orders, keeping the country", async () => {
    const buyerId = randomUUID();
    const buyer = orders.as(buyerId);
    expect(
      (await buyer.post('me/addresses', { json: { ...ADDRESS, line2: 'Flat 3', phone: '+44 20 7946 0000' } }))
        .statusCode,
    ).to.equal(201);
    const order = await placeOrder(orders, buyerId, [line(randomUUID())], {
      paid: true,
      shippingAddress: { ...ADDRESS, phone: '+44 20 7946 0000' },
    });
    const res = await erase(buyerId);
    expect(res.statusCode).to.equal(200);
    expect(res.body.userId).to.equal(buyerId);
    expect(((await buyer.get('me/addresses')).body as any).items).to.deep.equal([]);
    const after = (await orders.internal.get(`internal/orders/${order.id}`)).body as any;
    expect(after.shippingAddress).to.deep.equal(TOMBSTONE);
    expect({ ...after, shippingAddress: undefined }).to.deep.equal({ ...order, shippingAddress: undefined });
  });

  it("leaves a seller's sale as it was, but for the buyer's address", async () => {
    const [buyerId, sellerId] = [randomUUID(), randomUUID()];
    const order = await placeOrder(orders, buyerId, [line(sellerId, { unitPrice: 1234, quantity: 3 })], { paid: true });
    const shipmentId = order.shipments[0].id;
    expect(
      (
        await orders
          .as(sellerId, 'seller')
          .post(`seller/shipments/${shipmentId}/ship`, { json: { carrier: 'DHL', trackingNumber: 'JD1' } })
      ).statusCode,
    ).to.equal(200);
    const [before] = await salesOf(sellerId);
    await erase(buyerId);
    const [after] = await salesOf(sellerId);
    expect(after.shippingAddress).to.deep.equal(TOMBSTONE);
    expect({ ...after, shippingAddress: undefined }).to.deep.equal({ ...before, shippingAddress: undefined });
    expect(after).to.include({ status: 'shipped', subtotal: 3702, buyerId });
  });

  it('is idempotent: a repeat answers the first erasure and changes nothing', async () => {
    const buyerId = randomUUID();
    const order = await placeOrder(orders, buyerId, [line(randomUUID())]);
    const first = await erase(buyerId);
    const erased = (await orders.internal.get(`internal/orders/${order.id}`)).body;
    const second = await erase(buyerId);
    expect(second.statusCode).to.equal(200);
    expect(second.body).to.deep.equal(first.body);
    expect((await orders.internal.get(`internal/orders/${order.id}`)).body).to.deep.equal(erased);
  });

  it("answers 200 for a user this service never saw, and touches no one else's orders", async () => {
    const bystander = await placeOrder(orders, randomUUID(), [line(randomUUID())]);
    expect((await erase(randomUUID())).statusCode).to.equal(200);
    expect(
      ((await orders.internal.get(`internal/orders/${bystander.id}`)).body as any).shippingAddress,
    ).to.deep.include(ADDRESS);
  });
});
