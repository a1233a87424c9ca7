import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  dropTestDatabases,
  freePort,
  httpClient,
  startProcess,
  testDatabaseUrl,
  waitFor,
  type ProcessHandle,
} from '@agora/test-kit';
import { line, placeOrder, startOrders, type OrdersUnderTest } from './orders-under-test.js';

/**
 * Deliveries reach the real payments service through the outbox: retried while payments is
 * down or does not know the shipment yet, and still sent after the orders service restarts.
 */
describe('orders: delivery reports to payments', function () {
  // Starts the real payments process mid-test.
  this.timeout(120_000);
  let paymentsPort: number;
  let ordersDb: string;
  let orders: OrdersUnderTest | undefined;
  let payments: ProcessHandle | undefined;
  const fastRetries = {
    DELIVERY_REPORT_INTERVAL_MS: '50',
    DELIVERY_REPORT_BACKOFF_MS: '50',
    DELIVERY_REPORT_MAX_BACKOFF_MS: '200',
  };

  before(async () => {
    paymentsPort = await freePort();
    ordersDb = await testDatabaseUrl('orders');
  });
  after(async () => {
    await orders?.stop();
    await payments?.stop();
    await dropTestDatabases();
  });

  const ordersEnv = () => ({
    ...fastRetries,
    DATABASE_URL: ordersDb,
    PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}`,
  });
  const failuresFor = (logs: OrdersUnderTest['logs'], shipmentId: string) =>
    logs.records().filter((r) => r.event === 'delivery_report_failed' && r.shipment_id === shipmentId).length;

  it('retries a delivery while payments is down, and reports it once payments knows the shipment, even across a restart', async () => {
    orders = await startOrders(ordersEnv());
    const seller = randomUUID();
    const buyer = randomUUID();
    const order = await placeOrder(orders, buyer, [line(seller, { unitPrice: 10_000 })], { paid: true });
    const shipmentId = order.shipments[0].id;
    const sellerHttp = orders.as(seller, 'seller');
    expect(
      (await sellerHttp.post(`seller/shipments/${shipmentId}/ship`, { json: { carrier: 'DHL', trackingNumber: 'T' } }))
        .statusCode,
    ).to.equal(200);
    expect((await sellerHttp.post(`seller/shipments/${shipmentId}/deliver`)).statusCode).to.equal(200);

    const running = orders;
    await waitFor(() => failuresFor(running.logs, shipmentId) >= 2, { what: 'failed attempts while payments is down' });
    await orders.stop();
    orders = undefined;

    payments = await startProcess(
      'payments',
      { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: await testDatabaseUrl('payments') },
      { port: paymentsPort },
    );
    const paymentsHttp = httpClient(payments.url);
    const charge = await paymentsHttp.post('internal/charges', {
      headers: { 'Idempotency-Key': randomUUID() },
      json: {
        orderId: order.id,
        buyerId: buyer,
        amount: 10_000,
        currency: 'EUR',
        paymentMethod: 'pm_card_visa',
        shipments: [{ shipmentId, sellerId: seller, subtotal: 10_000 }],
      },
    });
    expect(charge.statusCode).to.equal(201);
    const balance = async () =>
      (
        (
          await paymentsHttp.get('seller/balance', {
            headers: { 'x-agora-user-id': seller, 'x-agora-user-role': 'seller' },
          })
        ).body as any
      ).items?.[0];
    expect(await balance()).to.include({ pending: 9_000, available: 0 });

    orders = await startOrders(ordersEnv());
    await waitFor(async () => (await balance())?.available === 9_000, {
      what: 'the delivery to reach payments after the restart',
    });
    expect(await balance()).to.include({ pending: 0, available: 9_000, platformFees: 1_000 });
  });

  it('counts a report payments has not acknowledged in the outbox metrics, with its age', async () => {
    const unreachable = await freePort();
    const alone = await startOrders({ ...fastRetries, PAYMENTS_URL: `http://127.0.0.1:${unreachable}` });
    try {
      const gauge = async (name: string) => {
        const text = await alone.metrics.registry.getSingleMetricAsString(name);
        return Number(/\{outbox="delivery_reports"\} (\S+)/.exec(text)?.[1]);
      };
      expect(await gauge('agora_outbox_pending')).to.equal(0);
      const seller = randomUUID();
      const order = await placeOrder(alone, randomUUID(), [line(seller)], { paid: true });
      const sellerHttp = alone.as(seller, 'seller');
      const shipmentId = order.shipments[0].id;
      expect(
        (
          await sellerHttp.post(`seller/shipments/${shipmentId}/ship`, {
            json: { carrier: 'DHL', trackingNumber: 'T' },
          })
        ).statusCode,
      ).to.equal(200);
      expect((await sellerHttp.post(`seller/shipments/${shipmentId}/deliver`)).statusCode).to.equal(200);
      await waitFor(() => failuresFor(alone.logs, shipmentId) >= 1, { what: 'a failed attempt' });
      // A scrape's read is shared for up to 1 s: the next one sees the report.
      await waitFor(async () => (await gauge('agora_outbox_pending')) === 1, { what: 'the report counted as pending' });
      expect(await gauge('agora_outbox_oldest_pending_age_seconds')).to.be.greaterThan(0);
    } finally {
      await alone.stop();
    }
  });
});
