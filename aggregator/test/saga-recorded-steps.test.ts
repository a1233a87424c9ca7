import { expect } from 'chai';
import { orderIdFor } from '../src/domain/checkout/order-id.js';
import { CHECKOUT_STEPS } from '../src/domain/checkout/checkout-saga.js';
import { useCheckoutLog } from './support/checkout-log.js';
import { FakeCheckoutServices, type Port } from './support/fake-checkout-services.js';
import { LINES, REQUEST, answerOf, keyStateOf, sagasOver, sagaStateOf } from './support/sagas-in-process.js';

/** What was done after the charge once a saga was recorded at a step, by the version that recorded it. */
const DONE_AT: Record<string, Array<'confirmed' | 'paid' | 'cleared'>> = {
  planned: [],
  order_created: [],
  stock_reserved: [],
  charged: [],
  reservation_confirmed: ['confirmed'],
  order_paid: ['confirmed', 'paid'],
  cart_cleared: ['confirmed', 'paid', 'cleared'],
};
/** The calls that finish it: the reservation confirmed with the cart cleared in one call, or the cart cleared alone. */
const FINISHED_BY: Record<string, Port[]> = {
  planned: ['reserveStock', 'createOrder', 'confirmPurchase', 'transitionOrder'],
  order_created: ['reserveStock', 'createOrder', 'confirmPurchase', 'transitionOrder'],
  stock_reserved: ['confirmPurchase', 'transitionOrder'],
  charged: ['confirmPurchase', 'transitionOrder'],
  reservation_confirmed: ['transitionOrder', 'clearPurchased'],
  order_paid: ['clearPurchased'],
  cart_cleared: [],
};

/**
 * A saga recorded at each step (this version's and those an earlier one recorded step by
 * step), its charge captured, taken over by the recovery job: each is finished from where it
 * stands, every effect exactly once. (A checkout whose driver crashed in its charge leaves the
 * state; the test records it at the step and does what the step says was done.)
 */
describe('the checkout saga, taken over at each recorded step (in-process, fake services)', () => {
  const log = useCheckoutLog();

  it('has a row for every step a running saga can be recorded at', () => {
    expect([...Object.keys(DONE_AT), 'done']).to.deep.equal([...CHECKOUT_STEPS]);
  });

  let buyerCount = 0;
  for (const [step, done] of Object.entries(DONE_AT)) {
    it(`${step} → ${FINISHED_BY[step].join(', ') || 'no call'}; paid, confirmed and cleared once, 201`, async () => {
      const buyer = { id: `recorded-buyer-${++buyerCount}`, role: 'buyer' as const };
      const key = `recorded-key-${buyerCount}`;
      const orderId = orderIdFor(buyer.id, key);
      const services = new FakeCheckoutServices(LINES).fail('charge', 'crash');
      const { placeOrder, recovery } = sagasOver(services, log);
      expect(await answerOf(placeOrder.run(buyer, key, REQUEST), services)).to.equal('abandoned');

      const [payment] = services.captured();
      await log.db.query('UPDATE sagas SET step = ?, payment_id = ? WHERE id = ?', {
        replacements: [step, payment.id, orderId],
      });
      if (done.includes('confirmed')) {
        services.reservations.set(orderId, 'confirmed');
        services.confirmed.push(orderId);
      }
      if (done.includes('paid')) services.orders.get(orderId)!.status = 'paid';
      if (done.includes('cleared')) services.takeOutOfCart(orderId, LINES);
      const callsBefore = services.calls.length;

      await recovery.runOnce();
      expect(
        services.calls
          .slice(callsBefore)
          .filter((port) => port !== 'getOrder' && port !== 'paymentOf')
          .sort(),
      ).to.deep.equal([...FINISHED_BY[step]].sort());
      expect(await sagaStateOf(log, orderId)).to.equal('completed');
      expect(await keyStateOf(log, buyer.id, key)).to.deep.equal({ state: 'completed', status: 201 });
      expect(services.orders.get(orderId)!.status).to.equal('paid');
      expect(services.confirmed).to.deep.equal([orderId]);
      expect(services.purchasesApplied).to.deep.equal([orderId]);
      expect(services.cart).to.deep.equal([]);
      expect(services.callsOf('charge')).to.equal(1);
    });
  }
});
