import { expect } from 'chai';
import { useCheckoutLog } from './support/checkout-log.js';
import { AppError } from '@agora/errors';
import { orderIdFor } from '../src/domain/checkout/order-id.js';
import { FakeCheckoutServices, type Failure, type Port } from './support/fake-checkout-services.js';
import {
  LINES,
  REQUEST,
  answerOf,
  EXPIRED_LEASE,
  keyStateOf as keyOf,
  sagasOver,
  unfinishedSagasOf as unfinishedOf,
} from './support/sagas-in-process.js';

interface Case {
  name: string;
  port: Port;
  failure: Failure;
  /** The first answer: a final status, `backed_out` (a 503, key retryable) or `unfinished` (a 503, saga still running). */
  first: number | 'backed_out' | 'unfinished';
  /** The answer the retry with the same key ends with. */
  final: number;
  declined?: boolean;
}

const insufficient = new AppError('insufficient_stock', 'Not enough stock');
const cases: Case[] = [
  { name: 'order creation refused', port: 'createOrder', failure: 'refused', first: 'backed_out', final: 201 },
  { name: 'order created, answer lost', port: 'createOrder', failure: 'lost', first: 'backed_out', final: 201 },
  { name: 'stock insufficient', port: 'reserveStock', failure: insufficient, first: 409, final: 409 },
  { name: 'stock reserved, answer lost', port: 'reserveStock', failure: 'lost', first: 'backed_out', final: 201 },
  {
    name: 'card declined',
    port: 'charge',
    failure: new AppError('payment_declined', 'declined'),
    first: 402,
    final: 402,
  },
  {
    name: 'payments refused, then the card is declined',
    port: 'charge',
    failure: 'refused',
    first: 'backed_out',
    final: 402,
    declined: true,
  },
  { name: 'payments refused the charge', port: 'charge', failure: 'refused', first: 'backed_out', final: 201 },
  {
    name: 'charge timed out before payments saw it',
    port: 'charge',
    failure: 'timeout',
    first: 'unfinished',
    final: 201,
  },
  { name: 'charge captured, answer lost', port: 'charge', failure: 'lost', first: 'unfinished', final: 201 },
  {
    name: 'confirmation (and cart clearing) timed out after the charge',
    port: 'confirmPurchase',
    failure: 'timeout',
    first: 'unfinished',
    final: 201,
  },
  {
    name: 'inventory refused the confirmation after the charge',
    port: 'confirmPurchase',
    failure: 'refused',
    first: 'unfinished',
    final: 201,
  },
  {
    name: 'reservation confirmed and cart cleared, answer lost',
    port: 'confirmPurchase',
    failure: 'lost',
    first: 'unfinished',
    final: 201,
  },
  { name: 'order marked paid, answer lost', port: 'transitionOrder', failure: 'lost', first: 'unfinished', final: 201 },
];

/**
 * The checkout saga in-process: the real PlaceOrder, saga and saga log (on the test
 * database) over a fake of the services, one failure per case, then a retry with the
 * same key as a client would send once Retry-After has passed.
 */
describe('the checkout saga, step by failure (in-process, fake services)', () => {
  const log = useCheckoutLog();

  const placeOrderOver = (services: FakeCheckoutServices, leaseMs: number) =>
    sagasOver(services, log, leaseMs).placeOrder;

  let buyerCount = 0;
  for (const c of cases) {
    it(`${c.port}: ${c.name} → ${c.first}, then ${c.final} on retry`, async () => {
      const buyer = { id: `buyer-${++buyerCount}`, role: 'buyer' as const };
      const key = `key-${buyerCount}`;
      const services = new FakeCheckoutServices(LINES).fail(c.port, c.failure);
      services.declined = c.declined ?? false;
      const placeOrder = placeOrderOver(services, EXPIRED_LEASE);

      const first = await answerOf(placeOrder.run(buyer, key, REQUEST));
      if (typeof c.first === 'number') {
        expect(first).to.deep.include({ status: c.first, stored: true });
      } else {
        expect(first).to.deep.include({ status: 503, stored: false, code: 'service_unavailable' });
        const keyState = await keyStateOf(buyer.id, key);
        expect(keyState).to.equal(c.first === 'backed_out' ? 'retryable' : 'in_progress');
        if (c.first === 'backed_out') {
          // Backed out: nothing charged, stock back, cart untouched, the recorded order failed.
          expect(services.captured()).to.deep.equal([]);
          expect(services.reservations.get(orderIdFor(buyer.id, key))).to.be.oneOf([undefined, 'released']);
          expect(services.orders.get(orderIdFor(buyer.id, key))?.status ?? 'none').to.be.oneOf([
            'none',
            'payment_failed',
          ]);
          expect(services.cart).to.deep.equal(LINES);
        }
      }

      const retry = await answerOf(placeOrder.run(buyer, key, REQUEST));
      expect(retry).to.deep.include({ status: c.final, stored: true });
      expect(await keyStateOf(buyer.id, key)).to.equal('completed');
      expect(await unfinishedSagasOf(buyer.id)).to.equal(0);
      const paid = [...services.orders.values()].filter((o) => o.status === 'paid');
      if (c.final === 201) {
        expect(paid).to.have.length(1);
        expect(services.captured().map((p) => p.orderId)).to.deep.equal([paid[0].id]);
        expect(services.reservations.get(paid[0].id)).to.equal('confirmed');
        // Confirmed once and taken out of the cart once, by the one call that does both.
        expect(services.confirmed).to.deep.equal([paid[0].id]);
        expect(services.purchasesApplied).to.deep.equal([paid[0].id]);
        expect(services.callsOf('clearPurchased')).to.equal(0);
        expect(services.cart).to.deep.equal([]);
      } else {
        expect(paid).to.deep.equal([]);
        expect(services.captured()).to.deep.equal([]);
        expect(services.cart).to.deep.equal(LINES);
        for (const [orderId, state] of services.reservations) expect(state, orderId).to.equal('released');
      }
      // A third request replays the stored answer and calls nothing.
      const callsBefore = services.calls.length;
      expect(await answerOf(placeOrder.run(buyer, key, REQUEST))).to.deep.include({ status: c.final, stored: true });
      expect(services.calls.length).to.equal(callsBefore);
    });
  }

  it('a retry while the saga is still leased to its driver gets 409 idempotency_key_in_use, not stored', async () => {
    const buyer = { id: 'buyer-leased', role: 'buyer' as const };
    const services = new FakeCheckoutServices(LINES).fail('confirmPurchase', 'timeout');
    const placeOrder = placeOrderOver(services, 60_000);
    expect(await answerOf(placeOrder.run(buyer, 'leased', REQUEST))).to.deep.include({ status: 503, stored: false });
    expect(await answerOf(placeOrder.run(buyer, 'leased', REQUEST))).to.deep.include({
      status: 409,
      stored: false,
      code: 'idempotency_key_in_use',
    });
  });

  it('a driver that lost its lease writes nothing more, and the one that took over ends the checkout once', async () => {
    const buyer = { id: 'buyer-fenced', role: 'buyer' as const };
    const services = new FakeCheckoutServices(LINES);
    const placeOrder = placeOrderOver(services, EXPIRED_LEASE);
    // The first driver is overtaken while it charges: a retry takes the saga over and finishes it.
    const charge = services.charge;
    let overtaken: Promise<unknown> | undefined;
    services.charge = async (request) => {
      if (!overtaken) {
        overtaken = answerOf(placeOrder.run(buyer, 'fenced', REQUEST));
        await overtaken;
      }
      return charge(request);
    };
    const first = await answerOf(placeOrder.run(buyer, 'fenced', REQUEST));
    expect(await overtaken).to.deep.include({ status: 201, stored: true });
    expect(first).to.deep.include({ status: 503, stored: false });
    expect(services.captured()).to.have.length(1);
    expect(await answerOf(placeOrder.run(buyer, 'fenced', REQUEST))).to.deep.include({ status: 201, stored: true });
  });

  it('a capture that payments voided because its caller had given up backs the attempt out; the next attempt pays', async () => {
    const buyer = { id: 'buyer-voided', role: 'buyer' as const };
    const services = new FakeCheckoutServices(LINES).fail('charge', 'lost');
    services.voidNextCapture = true;
    const placeOrder = placeOrderOver(services, EXPIRED_LEASE);
    expect(await answerOf(placeOrder.run(buyer, 'voided', REQUEST))).to.deep.include({ status: 503, stored: false });
    expect(await keyStateOf(buyer.id, 'voided')).to.equal('in_progress');
    // The retry finds the voided payment: nothing was taken, so it backs out rather than wait for good.
    expect(await answerOf(placeOrder.run(buyer, 'voided', REQUEST))).to.deep.include({ status: 503, stored: false });
    expect(await keyStateOf(buyer.id, 'voided')).to.equal('retryable');
    expect(services.orders.get(orderIdFor(buyer.id, 'voided'))!.status).to.equal('payment_failed');
    expect(await answerOf(placeOrder.run(buyer, 'voided', REQUEST))).to.deep.include({ status: 201, stored: true });
    expect(services.captured().map((p) => p.orderId)).to.deep.equal([orderIdFor(buyer.id, 'voided', 1)]);
  });

  it('refuses at once, recording nothing, while a service of the saga is known to be down; the key stays free', async () => {
    const buyer = { id: 'buyer-down', role: 'buyer' as const };
    const services = new FakeCheckoutServices(LINES);
    services.down = 'payments';
    const placeOrder = placeOrderOver(services, EXPIRED_LEASE);
    expect(await answerOf(placeOrder.run(buyer, 'down', REQUEST))).to.deep.include({
      status: 503,
      stored: false,
      code: 'service_unavailable',
    });
    expect(services.calls).to.deep.equal([]);
    expect(services.orders.size).to.equal(0);
    services.down = null;
    expect(await answerOf(placeOrder.run(buyer, 'down', REQUEST))).to.deep.include({ status: 201, stored: true });
  });

  const keyStateOf = async (userId: string, key: string) => (await keyOf(log, userId, key)).state;
  const unfinishedSagasOf = (buyerId: string) => unfinishedOf(log, buyerId);
});
