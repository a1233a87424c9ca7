import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { QueryTypes } from '@agora/db';
import {
  chargeBody,
  key,
  sellerHeaders,
  startPayments,
  unbalancedTransactions,
  type PaymentsUnderTest,
} from './payments-under-test.js';

describe('payments: ledger, deliveries and seller balance', () => {
  let svc: PaymentsUnderTest;
  before(async () => {
    svc = await startPayments();
  });
  after(async () => {
    await svc?.stop();
  });

  const charge = async (body: ReturnType<typeof chargeBody>) =>
    svc.http.post<any>('internal/charges', { json: body, headers: { 'idempotency-key': key() } });
  const deliver = (body: { orderId: string; shipments: Array<{ shipmentId: string; sellerId: string }> }, index = 0) =>
    svc.http.post<any>('internal/deliveries', {
      json: {
        shipmentId: body.shipments[index].shipmentId,
        orderId: body.orderId,
        sellerId: body.shipments[index].sellerId,
        deliveredAt: new Date().toISOString(),
      },
    });
  const balance = async (sellerId: string) =>
    (await svc.http.get<{ items: any[] }>('seller/balance', { headers: sellerHeaders(sellerId) })).body.items;

  it('keeps a sale pending until delivery, then makes the net available; fees are 10 % rounded half up', async () => {
    const seller = `seller-${randomUUID()}`;
    const body = chargeBody({}, [{ sellerId: seller, subtotal: 1995 }]);
    expect((await charge(body)).statusCode).to.equal(201);
    expect(await balance(seller)).to.deep.equal([{ currency: 'EUR', pending: 1795, available: 0, platformFees: 200 }]);
    const delivered = await deliver(body);
    expect(delivered.statusCode).to.equal(200);
    expect(delivered.body).to.include({
      shipmentId: body.shipments[0].shipmentId,
      sellerId: seller,
      released: 1795,
      currency: 'EUR',
    });
    expect(await balance(seller)).to.deep.equal([{ currency: 'EUR', pending: 0, available: 1795, platformFees: 200 }]);
  });

  it('records a delivery once: a repeat answers 200 and moves nothing', async () => {
    const seller = `seller-${randomUUID()}`;
    const body = chargeBody({}, [{ sellerId: seller, subtotal: 1000 }]);
    await charge(body);
    const first = await deliver(body);
    const again = await deliver(body);
    expect(again.statusCode).to.equal(200);
    expect(again.body).to.deep.equal(first.body);
    expect(await balance(seller)).to.deep.equal([{ currency: 'EUR', pending: 0, available: 900, platformFees: 100 }]);
  });

  it('answers 404 for a delivery of an unknown shipment, so the orders outbox retries', async () => {
    const res = await svc.http.post<any>('internal/deliveries', {
      json: { shipmentId: 'nope', orderId: 'nope', sellerId: 's', deliveredAt: new Date().toISOString() },
    });
    expect(res.statusCode).to.equal(404);
  });

  it('splits one charge across sellers and currencies, and a refund after delivery comes out of available', async () => {
    const [a, b] = [`seller-${randomUUID()}`, `seller-${randomUUID()}`];
    const eur = chargeBody({}, [
      { sellerId: a, subtotal: 1000 },
      { sellerId: b, subtotal: 3000 },
    ]);
    const usd = chargeBody({ currency: 'USD' }, [{ sellerId: a, subtotal: 505 }]);
    const payment = (await charge(eur)).body;
    await charge(usd);
    await deliver(eur, 0);
    const refund = await svc.http.post(`internal/payments/${payment.id}/refunds`, {
      json: { amount: 2000 },
      headers: { 'idempotency-key': key() },
    });
    expect(refund.statusCode).to.equal(201);
    // 2000 of 4000 refunded: half of each shipment's net and fee is reversed.
    expect(await balance(a)).to.deep.equal([
      { currency: 'EUR', pending: 0, available: 450, platformFees: 50 },
      { currency: 'USD', pending: 454, available: 0, platformFees: 51 },
    ]);
    expect(await balance(b)).to.deep.equal([{ currency: 'EUR', pending: 1350, available: 0, platformFees: 150 }]);
  });

  it('serves the balance to sellers only: empty for a new seller, 403 for a buyer, 401 without identity', async () => {
    expect(await balance(`seller-${randomUUID()}`)).to.deep.equal([]);
    const buyer = await svc.http.get<any>('seller/balance', {
      headers: { 'x-agora-user-id': 'b', 'x-agora-user-role': 'buyer' },
    });
    expect(buyer.statusCode).to.equal(403);
    expect((await svc.http.get('seller/balance')).statusCode).to.equal(401);
  });

  it('balances every ledger transaction to zero over random charges, refunds and deliveries', async () => {
    const sellers = ['s1', 's2', 's3'].map((s) => `${s}-${randomUUID()}`);
    const command = fc.oneof(
      fc.record({
        kind: fc.constant('charge' as const),
        method: fc.constantFrom('pm_card_visa', 'pm_card_visa', 'pm_card_declined'),
        currency: fc.constantFrom('EUR', 'USD'),
        shipments: fc.array(fc.record({ seller: fc.nat({ max: 2 }), subtotal: fc.integer({ min: 0, max: 100_000 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
      fc.record({
        kind: fc.constant('refund' as const),
        payment: fc.nat(),
        amount: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
      }),
      fc.record({ kind: fc.constant('deliver' as const), payment: fc.nat(), shipment: fc.nat() }),
    );
    const model = { captured: 0, refunded: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const charged: Array<{ id: string; body: ReturnType<typeof chargeBody> }> = [];
        for (const c of commands) {
          if (c.kind === 'charge') {
            const shipments = c.shipments.map((s) => ({ sellerId: sellers[s.seller], subtotal: s.subtotal }));
            if (shipments.every((s) => s.subtotal === 0)) shipments[0].subtotal = 1;
            const body = chargeBody({ paymentMethod: c.method, currency: c.currency }, shipments);
            const res = await charge(body);
            if (res.statusCode === 201) {
              charged.push({ id: res.body.id, body });
              model.captured += body.amount;
            }
          } else if (charged.length > 0 && c.kind === 'refund') {
            const target = charged[c.payment % charged.length];
            const res = await svc.http.post<any>(`internal/payments/${target.id}/refunds`, {
              json: c.amount === undefined ? {} : { amount: c.amount },
              headers: { 'idempotency-key': key() },
            });
            expect([201, 409]).to.include(res.statusCode);
            if (res.statusCode === 201) model.refunded += res.body.amount;
          } else if (charged.length > 0 && c.kind === 'deliver') {
            const target = charged[c.payment % charged.length];
            expect((await deliver(target.body, c.shipment % target.body.shipments.length)).statusCode).to.equal(200);
          }
        }
        expect(await unbalancedTransactions(svc.db)).to.deep.equal([]);
        if (charged.length === 0) return;
        const ids = charged.map((c) => c.id);
        const sumOf = async (where: string) =>
          Number(
            (
              await svc.db.query<{ total: unknown }>(
                `SELECT SUM(amount) AS total FROM ledger_entries WHERE payment_id IN (:ids) AND ${where}`,
                { type: QueryTypes.SELECT, replacements: { ids } },
              )
            )[0].total ?? 0,
          );
        const payments = await svc.db.query<{ amount: unknown; refunded_amount: unknown }>(
          'SELECT amount, refunded_amount FROM payments WHERE id IN (:ids)',
          { type: QueryTypes.SELECT, replacements: { ids } },
        );
        const kept = payments.reduce((sum, p) => sum + Number(p.amount) - Number(p.refunded_amount), 0);
        for (const p of payments) expect(Number(p.refunded_amount)).to.be.at.most(Number(p.amount));
        expect(await sumOf(`account = 'buyer_payments'`)).to.equal(-kept);
        expect(await sumOf('seller_id IS NOT NULL')).to.equal(kept);
      }),
      { numRuns: 15 },
    );
    // Every seller's balance adds up to what the model says they sold, net of refunds.
    const shares = await svc.db.query<{ total: unknown }>(
      `SELECT SUM(amount) AS total FROM ledger_entries WHERE seller_id IN (:sellers)`,
      { type: QueryTypes.SELECT, replacements: { sellers } },
    );
    expect(Number(shares[0].total)).to.equal(model.captured - model.refunded);
  });
});
