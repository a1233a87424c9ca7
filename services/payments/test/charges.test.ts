import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes } from '@agora/db';
import { canonicalJson } from '../src/domain/idempotent-request.js';
import { IdempotencyKeyRepository } from '../src/data-access/idempotency-key-repository.js';
import { chargeBody, key, startPayments, type PaymentsUnderTest } from './payments-under-test.js';

describe('payments: charges', () => {
  let svc: PaymentsUnderTest;
  before(async () => {
    svc = await startPayments();
  });
  after(async () => {
    await svc?.stop();
  });

  const charge = (body: object, idempotencyKey = key()) =>
    svc.http.post('internal/charges', { json: body, headers: { 'idempotency-key': idempotencyKey } });
  const paymentsOf = async (orderId: string) =>
    (await svc.http.get<{ items: any[] }>('internal/payments', { searchParams: { orderIds: orderId } })).body;

  it('captures pm_card_visa and keeps only brand and last4 of the card', async () => {
    const body = chargeBody();
    const res = await charge(body);
    expect(res.statusCode).to.equal(201);
    expect(res.body).to.deep.include({
      orderId: body.orderId,
      status: 'captured',
      amount: 2500,
      refundedAmount: 0,
      currency: 'EUR',
      brand: 'visa',
      last4: '4242',
      failureCode: null,
    });
    expect((await paymentsOf(body.orderId)).items).to.deep.equal([res.body]);
  });

  for (const [method, declineCode] of [
    ['pm_card_declined', 'card_declined'],
    ['pm_card_insufficient_funds', 'insufficient_funds'],
  ]) {
    it(`declines ${method} with 402 payment_declined and records a failed payment`, async () => {
      const body = chargeBody({ paymentMethod: method });
      const res = await charge(body);
      expect(res.statusCode).to.equal(402);
      expect(res.body).to.include({ code: 'payment_declined', status: 402 });
      const [payment] = (await paymentsOf(body.orderId)).items;
      expect(payment).to.include({ status: 'failed', failureCode: declineCode });
    });
  }

  it('answers a processor failure (pm_card_error) with 502 payment_failed and captures nothing', async () => {
    const body = chargeBody({ paymentMethod: 'pm_card_error' });
    const res = await charge(body);
    expect(res.statusCode).to.equal(502);
    expect(res.body).to.include({ code: 'payment_failed' });
    expect((await paymentsOf(body.orderId)).items.map((p) => p.status)).to.deep.equal(['failed']);
  });

  it('refuses an unknown payment method with 400 and does not store the key', async () => {
    const k = key();
    const body = chargeBody({ paymentMethod: 'pm_card_unknown' });
    expect((await charge(body, k)).statusCode).to.equal(400);
    expect((await charge({ ...body, paymentMethod: 'pm_card_visa' }, k)).statusCode).to.equal(201);
  });

  it('refuses a charge without Idempotency-Key (400 idempotency_key_missing) or whose shipments do not add up (400)', async () => {
    const missing = await svc.http.post('internal/charges', { json: chargeBody() });
    expect(missing.statusCode).to.equal(400);
    expect(missing.body).to.include({ code: 'idempotency_key_missing' });
    const wrongSum = await charge({ ...chargeBody(), amount: 1 });
    expect(wrongSum.statusCode).to.equal(400);
    expect(wrongSum.body).to.include({ code: 'validation_failed' });
  });

  it('replays the first response, failures included, for the same key and body', async () => {
    const k = key();
    const body = chargeBody({ paymentMethod: 'pm_card_declined' });
    const first = await charge(body, k);
    const again = await charge({ ...body }, k);
    expect([first.statusCode, again.statusCode]).to.deep.equal([402, 402]);
    expect(again.body).to.deep.equal(first.body);
    expect((await paymentsOf(body.orderId)).items).to.have.length(1);
  });

  it('answers 422 idempotency_key_reused when a key comes back with another body', async () => {
    const k = key();
    const body = chargeBody();
    expect((await charge(body, k)).statusCode).to.equal(201);
    const reused = await charge(
      { ...body, amount: body.amount + 1, shipments: [{ ...body.shipments[0], subtotal: body.amount + 1 }] },
      k,
    );
    expect(reused.statusCode).to.equal(422);
    expect(reused.body).to.include({ code: 'idempotency_key_reused' });
  });

  it('captures once for 50 concurrent charges with one key; every answer is the stored one or 409 in use', async () => {
    const k = key();
    const body = chargeBody();
    const answers = await Promise.all(Array.from({ length: 50 }, () => charge(body, k)));
    const created = answers.filter((a) => a.statusCode === 201);
    const inUse = answers.filter((a) => a.statusCode === 409);
    expect(created.length + inUse.length).to.equal(50);
    expect(created.length).to.be.greaterThan(0);
    for (const a of inUse) expect(a.body).to.include({ code: 'idempotency_key_in_use' });
    const retried = await Promise.all(inUse.map(() => charge(body, k)));
    for (const a of [...created, ...retried]) expect(a.body).to.deep.equal(created[0].body);
    expect((await paymentsOf(body.orderId)).items).to.have.length(1);
  });

  it('allows one capture per order: a second key for a captured order is refused with 409 invalid_state', async () => {
    const body = chargeBody();
    expect((await charge(body)).statusCode).to.equal(201);
    const second = await charge(body);
    expect(second.statusCode).to.equal(409);
    expect(second.body).to.include({ code: 'invalid_state' });
    expect((await paymentsOf(body.orderId)).items).to.have.length(1);
  });

  it('lets a retry take over a key whose request crashed once its lock has expired', async () => {
    const k = key();
    const body = chargeBody();
    const stale = new Date(Date.now() - 120_000);
    await svc.db.getQueryInterface().bulkInsert('idempotency_keys', [
      {
        key_hash: createHash('sha256').update(`charge\n${k}`).digest('hex'),
        scope: 'charge',
        fingerprint: createHash('sha256').update(canonicalJson(body)).digest('hex'),
        state: 'in_progress',
        attempt: 1,
        locked_until: stale,
        created_at: stale,
      },
    ]);
    const res = await charge(body, k);
    expect(res.statusCode).to.equal(201);
    const [row] = await svc.db.query<{ attempt: number; state: string }>(
      'SELECT attempt, state FROM idempotency_keys WHERE scope = :s AND fingerprint = :f',
      {
        type: QueryTypes.SELECT,
        replacements: { s: 'charge', f: createHash('sha256').update(canonicalJson(body)).digest('hex') },
      },
    );
    expect(row).to.deep.include({ state: 'completed' });
    expect(Number(row.attempt)).to.equal(2);
  });

  it('answers 409 idempotency_key_in_use for a key whose lock is still held', async () => {
    const k = key();
    const body = chargeBody();
    const now = new Date();
    await svc.db.getQueryInterface().bulkInsert('idempotency_keys', [
      {
        key_hash: createHash('sha256').update(`charge\n${k}`).digest('hex'),
        scope: 'charge',
        fingerprint: createHash('sha256').update(canonicalJson(body)).digest('hex'),
        state: 'in_progress',
        attempt: 1,
        locked_until: new Date(now.getTime() + 60_000),
        created_at: now,
      },
    ]);
    const res = await charge(body, k);
    expect(res.statusCode).to.equal(409);
    expect(res.body).to.include({ code: 'idempotency_key_in_use' });
  });

  it('keeps completed keys for the retention period, then the purge forgets them', async () => {
    const k = key();
    const body = chargeBody();
    expect((await charge(body, k)).statusCode).to.equal(201);
    const keys = new IdempotencyKeyRepository(svc.db);
    expect(await keys.purgeCompletedBefore(new Date(Date.now() - 24 * 3_600_000))).to.equal(0);
    expect((await charge(body, k)).statusCode).to.equal(201);
    expect(await keys.purgeCompletedBefore(new Date(Date.now() + 1000))).to.be.greaterThan(0);
    // The key is gone, so the repeat is a new charge of an already captured order.
    expect((await charge(body, k)).statusCode).to.equal(409);
  });
});
