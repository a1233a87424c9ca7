import { expect } from 'chai';
import { orderIdFor } from '../src/domain/checkout/order-id.js';
import { useCheckoutLog } from './support/checkout-log.js';
import { FakeCheckoutServices, type Failure, type Port } from './support/fake-checkout-services.js';
import {
  LINES,
  REQUEST,
  answerOf,
  keyStateOf,
  sagasOver,
  sagaStateOf,
  unfinishedSagasOf,
} from './support/sagas-in-process.js';

interface Case {
  name: string;
  /** The failures of each port's next calls, in order. */
  fail: Partial<Record<Port, Failure[]>>;
  /** The buyer's answer: a status, or `abandoned` when its driver crashed. */
  first: number | 'abandoned';
  /** Runs of the recovery job until the saga ends (default 1). */
  recoveries?: number;
  /** The buyer's key once the recovery job ended the saga: its stored final answer, or `retryable` (backed out, nothing charged). */
  key: 201 | 402 | 'retryable';
  /** Charges sent to payments in all (a captured charge is found out, never sent again). */
  charges: number;
  declined?: boolean;
}

const cases: Case[] = [
  {
    name: 'stock reserved, then the driver crashed',
    fail: { reserveStock: ['crash'] },
    first: 'abandoned',
    key: 201,
    charges: 1,
  },
  {
    name: 'order created, then the driver crashed',
    fail: { createOrder: ['crash'] },
    first: 'abandoned',
    key: 201,
    charges: 1,
  },
  {
    name: 'charge captured, then the driver crashed',
    fail: { charge: ['crash'] },
    first: 'abandoned',
    key: 201,
    charges: 1,
  },
  {
    name: 'reservation confirmed and cart cleared, then the driver crashed',
    fail: { confirmPurchase: ['crash'] },
    first: 'abandoned',
    key: 201,
    charges: 1,
  },
  {
    name: 'reservation confirmed and cart cleared, answer lost; inventory down for the first recovery',
    fail: { confirmPurchase: ['lost', 'refused'] },
    first: 503,
    recoveries: 2,
    key: 201,
    charges: 1,
  },
  {
    name: 'order marked paid, then the driver crashed',
    fail: { transitionOrder: ['crash'] },
    first: 'abandoned',
    key: 201,
    charges: 1,
  },
  { name: 'charge timed out before payments saw it', fail: { charge: ['timeout'] }, first: 503, key: 201, charges: 2 },
  {
    name: 'charge timed out, then the card is declined',
    fail: { charge: ['timeout'] },
    declined: true,
    first: 503,
    key: 402,
    charges: 2,
  },
  {
    name: 'charge captured, answer lost; payments down for the first recovery',
    fail: { charge: ['lost'], paymentOf: ['refused'] },
    first: 503,
    recoveries: 2,
    key: 201,
    charges: 1,
  },
  {
    name: 'confirmation timed out; inventory down for the first recovery',
    fail: { confirmPurchase: ['timeout', 'refused'] },
    first: 503,
    recoveries: 2,
    key: 201,
    charges: 1,
  },
  {
    name: 'order creation refused, then the driver crashed compensating',
    fail: { createOrder: ['refused'], releaseReservation: ['crash'] },
    first: 'abandoned',
    key: 'retryable',
    charges: 0,
  },
  {
    name: 'order creation refused, inventory down while compensating',
    fail: { createOrder: ['refused'], releaseReservation: ['timeout'] },
    first: 503,
    key: 'retryable',
    charges: 0,
  },
];

/**
 * The recovery job in-process: a checkout's driver crashes or gives up at each step,
 * then the real SagaRecovery (over the fake services and the test's saga log) drives
 * the saga to its end and stores the answer under the buyer's key, which a retry
 * then replays without calling anything.
 */
describe('the saga recovery job, step by failure (in-process, fake services)', () => {
  const log = useCheckoutLog();

  let buyerCount = 0;
  for (const c of cases) {
    it(`${c.name} → ${c.first}; recovery ends it with ${c.key}, ${c.charges} charge(s) sent`, async () => {
      const buyer = { id: `recovered-buyer-${++buyerCount}`, role: 'buyer' as const };
      const key = `key-${buyerCount}`;
      const orderId = orderIdFor(buyer.id, key);
      const services = new FakeCheckoutServices(LINES);
      for (const [port, failures] of Object.entries(c.fail)) services.fail(port as Port, ...failures);
      services.declined = c.declined ?? false;
      const { placeOrder, recovery } = sagasOver(services, log);

      const first = await answerOf(placeOrder.run(buyer, key, REQUEST), services);
      expect(first === 'abandoned' ? first : first.status).to.equal(c.first);
      expect(await unfinishedSagasOf(log, buyer.id)).to.equal(1);
      for (let run = 0; run < (c.recoveries ?? 1); run++) {
        expect(await unfinishedSagasOf(log, buyer.id), `unfinished before recovery ${run + 1}`).to.equal(1);
        await recovery.runOnce();
      }
      expect(await unfinishedSagasOf(log, buyer.id)).to.equal(0);

      expect(services.callsOf('charge')).to.equal(c.charges);
      if (c.key === 'retryable') {
        expect(await keyStateOf(log, buyer.id, key)).to.deep.equal({ state: 'retryable', status: null });
        expect(await sagaStateOf(log, orderId)).to.equal('compensated');
        expect(services.reservations.get(orderId)).to.equal('released');
        expect(services.restocked).to.deep.equal([orderId]);
        expect(services.orders.get(orderId)?.status ?? 'none').to.be.oneOf(['none', 'payment_failed']);
        expect(services.cart).to.deep.equal(LINES);
        // The key is free again: a retry runs a new attempt.
        expect(await answerOf(placeOrder.run(buyer, key, REQUEST))).to.deep.include({ status: 201, stored: true });
        return;
      }
      expect(await keyStateOf(log, buyer.id, key)).to.deep.equal({ state: 'completed', status: c.key });
      if (c.key === 201) {
        expect(await sagaStateOf(log, orderId)).to.equal('completed');
        expect(services.orders.get(orderId)!.status).to.equal('paid');
        expect(services.captured().map((p) => p.orderId)).to.deep.equal([orderId]);
        expect(services.reservations.get(orderId)).to.equal('confirmed');
        expect(services.confirmed).to.deep.equal([orderId]);
        expect(services.purchasesApplied).to.deep.equal([orderId]);
        expect(services.callsOf('clearPurchased')).to.equal(0);
        expect(services.cart).to.deep.equal([]);
      } else {
        expect(await sagaStateOf(log, orderId)).to.equal('compensated');
        expect(services.orders.get(orderId)!.status).to.equal('payment_failed');
        expect(services.captured()).to.deep.equal([]);
        expect(services.reservations.get(orderId)).to.equal('released');
        expect(services.restocked).to.deep.equal([orderId]);
        expect(services.cart).to.deep.equal(LINES);
      }
      const callsBefore = services.calls.length;
      expect(await answerOf(placeOrder.run(buyer, key, REQUEST))).to.deep.include({ status: c.key, stored: true });
      expect(services.calls.length).to.equal(callsBefore);
    });
  }

  it('leaves a saga whose lease still runs to its driver, and takes it over once the lease ran out', async () => {
    const buyer = { id: 'recovered-buyer-leased', role: 'buyer' as const };
    const services = new FakeCheckoutServices(LINES).fail('charge', 'timeout');
    const { placeOrder, recovery } = sagasOver(services, log, 60_000);
    expect(await answerOf(placeOrder.run(buyer, 'leased', REQUEST))).to.deep.include({ status: 503, stored: false });
    const callsBefore = services.calls.length;
    await recovery.runOnce();
    expect(services.calls.length).to.equal(callsBefore);
    expect(await unfinishedSagasOf(log, buyer.id)).to.equal(1);
    await log.db.query('UPDATE sagas SET lease_until = ? WHERE buyer_id = ?', {
      replacements: [new Date(0), buyer.id],
    });
    await recovery.runOnce();
    expect(await keyStateOf(log, buyer.id, 'leased')).to.deep.equal({ state: 'completed', status: 201 });
    expect(services.callsOf('charge')).to.equal(2);
  });

  it('answers a key that an earlier version left in progress behind an ended saga with that saga’s answer', async () => {
    const buyer = { id: 'recovered-buyer-left-behind', role: 'buyer' as const };
    const services = new FakeCheckoutServices(LINES);
    const { placeOrder, recovery } = sagasOver(services, log);
    expect(await answerOf(placeOrder.run(buyer, 'left-behind', REQUEST))).to.deep.include({
      status: 201,
      stored: true,
    });
    await log.db.query(
      "UPDATE idempotency_keys SET state = 'in_progress', response_status = NULL, response_body = NULL WHERE user_id = ?",
      { replacements: [buyer.id] },
    );
    await recovery.runOnce();
    expect(await keyStateOf(log, buyer.id, 'left-behind')).to.deep.equal({ state: 'completed', status: 201 });
    expect(services.callsOf('charge')).to.equal(1);
  });
});
