import { expect } from 'chai';
import {
  chargeBody,
  key,
  startPayments,
  unbalancedTransactions,
  type PaymentsUnderTest,
} from './payments-under-test.js';

describe('payments: refunds', () => {
  let svc: PaymentsUnderTest;
  before(async () => {
    svc = await startPayments();
  });
  after(async () => {
    await svc?.stop();
  });

  const capture = async (overrides: Record<string, unknown> = {}) => {
    const res = await svc.http.post<{ id: string; orderId: string }>('internal/charges', {
      json: chargeBody(overrides),
      headers: { 'idempotency-key': key() },
    });
    return res.body;
  };
  const refund = (paymentId: string, body: object | undefined, idempotencyKey = key()) =>
    svc.http.post<any>(`internal/payments/${paymentId}/refunds`, {
      json: body,
      headers: { 'idempotency-key': idempotencyKey },
    });
  const paymentOf = async (orderId: string) =>
    (await svc.http.get<{ items: any[] }>('internal/payments', { searchParams: { orderIds: orderId } })).body.items[0];

  it('refunds in part, then the rest; the payment becomes partially_refunded, then refunded', async () => {
    const payment = await capture();
    const part = await refund(payment.id, { amount: 1000 });
    expect(part.statusCode).to.equal(201);
    expect(part.body).to.include({ paymentId: payment.id, amount: 1000 });
    expect(await paymentOf(payment.orderId)).to.include({ status: 'partially_refunded', refundedAmount: 1000 });
    const rest = await refund(payment.id, undefined);
    expect(rest.statusCode).to.equal(201);
    expect(rest.body).to.include({ amount: 1500 });
    expect(await paymentOf(payment.orderId)).to.include({ status: 'refunded', refundedAmount: 2500 });
  });

  it('refuses to refund more than was captured with 409 invalid_state', async () => {
    const payment = await capture();
    const res = await refund(payment.id, { amount: 2501 });
    expect(res.statusCode).to.equal(409);
    expect(res.body).to.include({ code: 'invalid_state' });
    expect(await paymentOf(payment.orderId)).to.include({ status: 'captured', refundedAmount: 0 });
  });

  it('replays a refund for the same key and refunds nothing twice', async () => {
    const payment = await capture();
    const k = key();
    const first = await refund(payment.id, { amount: 700 }, k);
    const again = await refund(payment.id, { amount: 700 }, k);
    expect([first.statusCode, again.statusCode]).to.deep.equal([201, 201]);
    expect(again.body).to.deep.equal(first.body);
    expect(await paymentOf(payment.orderId)).to.include({ refundedAmount: 700 });
    const reused = await refund(payment.id, { amount: 800 }, k);
    expect(reused.statusCode).to.equal(422);
    expect(reused.body).to.include({ code: 'idempotency_key_reused' });
  });

  it('lets concurrent refunds past the captured amount fail: the total refunded never exceeds it', async () => {
    const payment = await capture();
    const answers = await Promise.all(Array.from({ length: 10 }, () => refund(payment.id, { amount: 600 })));
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created).to.have.length(4);
    for (const a of answers.filter((x) => x.statusCode !== 201))
      expect(a.body).to.include({ status: 409, code: 'invalid_state' });
    expect(await paymentOf(payment.orderId)).to.include({ refundedAmount: 2400, status: 'partially_refunded' });
    expect(await unbalancedTransactions(svc.db)).to.deep.equal([]);
  });

  it('answers 404 for an unknown payment and 409 for a failed one', async () => {
    expect((await refund('no-such-payment', { amount: 1 })).statusCode).to.equal(404);
    const body = chargeBody({ paymentMethod: 'pm_card_declined' });
    await svc.http.post('internal/charges', { json: body, headers: { 'idempotency-key': key() } });
    const failed = await paymentOf(body.orderId);
    const res = await refund(failed.id, undefined);
    expect(res.statusCode).to.equal(409);
    expect(res.body).to.include({ code: 'invalid_state' });
  });

  it('needs an Idempotency-Key', async () => {
    const payment = await capture();
    const res = await svc.http.post<any>(`internal/payments/${payment.id}/refunds`, { json: { amount: 1 } });
    expect(res.statusCode).to.equal(400);
    expect(res.body).to.include({ code: 'idempotency_key_missing' });
  });
});
