import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases } from '@agora/test-kit';
import { line, placeOrder, startOrders, type OrdersUnderTest } from './orders-under-test.js';

const ROUNDS = 20;

describe('orders: concurrent moves of one order', function () {
  this.timeout(90_000);
  let orders: OrdersUnderTest;
  before(async () => {
    orders = await startOrders({ DELIVERY_REPORT_INTERVAL_MS: '3600000' });
  });
  after(async () => {
    await orders.stop();
    await dropTestDatabases();
  });

  it(`a ship and a cancel racing on the same order end in exactly one of them (${ROUNDS} rounds)`, async () => {
    const winners = { ship: 0, cancel: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const seller = randomUUID();
      const order = await placeOrder(orders, randomUUID(), [line(seller)], { paid: true });
      const shipmentId = order.shipments[0].id;
      const [shipped, cancelled] = await Promise.all([
        orders
          .as(seller, 'seller')
          .post(`seller/shipments/${shipmentId}/ship`, { json: { carrier: 'DHL', trackingNumber: `R${round}` } }),
        orders.internal.post(`internal/orders/${order.id}/transitions`, { json: { status: 'cancelled' } }),
      ]);
      expect([shipped.statusCode, cancelled.statusCode].sort(), `round ${round}`).to.deep.equal([200, 409]);
      const final = (await orders.internal.get(`internal/orders/${order.id}`)).body as any;
      if (shipped.statusCode === 200) {
        winners.ship++;
        expect(final.status).to.equal('shipped');
        expect(final.shipments[0].status).to.equal('shipped');
      } else {
        winners.cancel++;
        expect(final.status).to.equal('cancelled');
        expect(final.shipments[0].status).to.equal('cancelled');
      }
    }
    expect(winners.ship + winners.cancel).to.equal(ROUNDS);
  });

  it('two concurrent ships of the same shipment succeed once', async () => {
    const seller = randomUUID();
    const order = await placeOrder(orders, randomUUID(), [line(seller)], { paid: true });
    const results = await Promise.all(
      ['A', 'B', 'C'].map((t) =>
        orders
          .as(seller, 'seller')
          .post(`seller/shipments/${order.shipments[0].id}/ship`, { json: { carrier: 'DHL', trackingNumber: t } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).to.deep.equal([200, 409, 409]);
  });

  it('concurrent paid and payment_failed on a pending order: one wins, the other is refused', async () => {
    const order = await placeOrder(orders, randomUUID(), [line(randomUUID())]);
    const move = (status: string) =>
      orders.internal.post(`internal/orders/${order.id}/transitions`, { json: { status } });
    const results = await Promise.all([move('paid'), move('payment_failed')]);
    expect(results.map((r) => r.statusCode).sort()).to.deep.equal([200, 409]);
  });
});
