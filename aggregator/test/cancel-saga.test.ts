import { expect } from 'chai';
import { InvalidState } from '@agora/errors';
import { useCheckoutLog } from './support/checkout-log.js';
import { FakeCheckoutServices, type Failure, type Port } from './support/fake-checkout-services.js';
import { answerOf, sagasOver, sagaStateOf, unfinishedSagasOf } from './support/sagas-in-process.js';

const LINES = [{ productId: 'p1', quantity: 2, sellerId: 'seller-1', title: 'Tea', unitPrice: 500, currency: 'EUR' }];

interface Case {
  name: string;
  port: Port;
  /** The failures of that port's next calls, in order. */
  failures: Failure[];
  /** The buyer's answer: a status, or `abandoned` when its driver crashed. */
  first: number | 'abandoned';
  /** Runs of the recovery job that follow (default 1). */
  recoveries?: number;
  /** The answer of the buyer's second cancel, after the recovery job ran. */
  retry: number;
  /** The order's status at the end: cancelled (refunded once, restocked once) or still paid (nothing refunded or restocked). */
  end: 'cancelled' | 'paid';
}

const shipped = new InvalidState('An order cannot be cancelled once a shipment has shipped');
const cases: Case[] = [
  {
    name: 'orders refused the connection for the first read',
    port: 'getOrder',
    failures: ['refused'],
    first: 503,
    retry: 200,
    end: 'cancelled',
  },
  {
    name: 'a shipment shipped: orders refuses the cancel',
    port: 'transitionOrder',
    failures: [shipped, shipped],
    first: 409,
    retry: 409,
    end: 'paid',
  },
  {
    name: 'orders refused the connection for the cancel',
    port: 'transitionOrder',
    failures: ['refused'],
    first: 503,
    retry: 200,
    end: 'cancelled',
  },
  {
    // The outcome is unknown to the driver; recovery sends the cancel again, so the buyer's cancel
    // completes there and the retry finds the order cancelled.
    name: 'the cancel timed out before orders saw it',
    port: 'transitionOrder',
    failures: ['timeout'],
    first: 503,
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'order cancelled, answer lost',
    port: 'transitionOrder',
    failures: ['lost'],
    first: 503,
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'order cancelled, then the driver crashed',
    port: 'transitionOrder',
    failures: ['crash'],
    first: 'abandoned',
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'payment lookup timed out',
    port: 'paymentOf',
    failures: ['timeout'],
    first: 503,
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'cancel recorded, then the driver crashed',
    port: 'paymentOf',
    failures: ['crash'],
    first: 'abandoned',
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'payments refused the refund',
    port: 'refundRest',
    failures: ['refused'],
    first: 503,
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'payments down for the first recovery too',
    port: 'refundRest',
    failures: ['refused', 'refused'],
    first: 503,
    recoveries: 2,
    retry: 409,
    end: 'cancelled',
  },
  { name: 'refunded, answer lost', port: 'refundRest', failures: ['lost'], first: 503, retry: 409, end: 'cancelled' },
  {
    name: 'refunded, then the driver crashed',
    port: 'refundRest',
    failures: ['crash'],
    first: 'abandoned',
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'the release timed out',
    port: 'releaseReservation',
    failures: ['timeout'],
    first: 503,
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'restocked, answer lost',
    port: 'releaseReservation',
    failures: ['lost'],
    first: 503,
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'restocked, then the driver crashed',
    port: 'releaseReservation',
    failures: ['crash'],
    first: 'abandoned',
    retry: 409,
    end: 'cancelled',
  },
  {
    name: 'cancel done, the answer read failed',
    port: 'getOrder',
    failures: ['ok', 'timeout'],
    first: 503,
    retry: 409,
    end: 'cancelled',
  },
];

/**
 * The cancel saga in-process: the real CancelOrder, recovery job and saga log (on the
 * test database) over a fake of the services, one failure per case; then the recovery
 * job runs, as it does periodically, and the buyer asks to cancel again.
 */
describe('the cancel saga, step by failure (in-process, fake services)', () => {
  const log = useCheckoutLog();

  let buyerCount = 0;
  for (const c of cases) {
    it(`${c.port}: ${c.name} → ${c.first}, then ${c.retry} on retry; the order ends ${c.end}`, async () => {
      const buyer = { id: `cancelling-buyer-${++buyerCount}`, role: 'buyer' as const };
      const orderId = `order-${buyerCount}`;
      const services = new FakeCheckoutServices(LINES);
      const order = services.paidOrder(buyer, orderId);
      services.fail(c.port, ...c.failures);
      const { cancel, recovery } = sagasOver(services, log);

      const first = await answerOf(cancel.run(buyer, orderId), services);
      expect(first === 'abandoned' ? first : first.status).to.equal(c.first);
      for (let run = 0; run < (c.recoveries ?? 1); run++) await recovery.runOnce();
      const retry = await answerOf(cancel.run(buyer, orderId));
      expect(retry).to.deep.include({ status: c.retry, stored: c.retry === 200 });

      expect(services.orders.get(orderId)!.status).to.equal(c.end);
      expect(await unfinishedSagasOf(log, buyer.id)).to.equal(0);
      const [payment] = services.payments.values();
      if (c.end === 'cancelled') {
        expect(await sagaStateOf(log, `cancel:${orderId}`)).to.equal('completed');
        expect([...services.refunds]).to.deep.equal([[`cancel:${orderId}`, payment.id]]);
        expect(payment).to.deep.include({ status: 'refunded', refundedAmount: order.total });
        expect(services.restocked).to.deep.equal([orderId]);
        expect(services.reservations.get(orderId)).to.equal('released');
      } else {
        expect(await sagaStateOf(log, `cancel:${orderId}`)).to.equal('none');
        expect(services.refunds.size).to.equal(0);
        expect(payment.status).to.equal('captured');
        expect(services.restocked).to.deep.equal([]);
        expect(services.reservations.get(orderId)).to.equal('confirmed');
      }
    });
  }

  it('refuses a second cancel while the first is being driven (leased): 409, and nothing is done twice', async () => {
    const buyer = { id: 'cancelling-buyer-leased', role: 'buyer' as const };
    const services = new FakeCheckoutServices(LINES);
    services.paidOrder(buyer, 'order-leased');
    const { cancel } = sagasOver(services, log, 60_000);
    services.fail('transitionOrder', 'timeout');
    expect(await answerOf(cancel.run(buyer, 'order-leased'))).to.deep.include({ status: 503, stored: false });
    expect(await answerOf(cancel.run(buyer, 'order-leased'))).to.deep.include({
      status: 409,
      stored: false,
      code: 'invalid_state',
    });
    expect(services.callsOf('transitionOrder')).to.equal(1);
  });

  it("answers 404 for another buyer's order, and calls nothing but the read", async () => {
    const services = new FakeCheckoutServices(LINES);
    services.paidOrder({ id: 'owner', role: 'buyer' }, 'order-owned');
    const { cancel } = sagasOver(services, log);
    expect(await answerOf(cancel.run({ id: 'stranger', role: 'buyer' }, 'order-owned'))).to.deep.include({
      status: 404,
      stored: false,
      code: 'not_found',
    });
    expect(services.calls).to.deep.equal(['getOrder']);
  });
});
