import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from '@agora/db';
import { chargeBody, key, sellerHeaders, startPayments, type PaymentsUnderTest } from './payments-under-test.js';

describe("payments: erasing a deleted buyer's data (POST /internal/erasures/{userId})", () => {
  let payments: PaymentsUnderTest;
  before(async () => {
    payments = await startPayments();
  });
  after(async () => {
    await payments.stop();
  });

  const erase = (userId: string) =>
    payments.http.post<{ userId: string; erasedAt: string }>(`internal/erasures/${userId}`);
  const charge = (idempotencyKey: string, body: object) =>
    payments.http.post<any>('internal/charges', { headers: { 'idempotency-key': idempotencyKey }, json: body });
  const paymentsOf = async (orderIds: string[]) =>
    (
      (await payments.http.get<any>('internal/payments', { searchParams: { orderIds: orderIds.join(',') } }))
        .body as any
    ).items;
  const tables = async () => {
    const read = (table: string) => payments.db.query(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT });
    return Promise.all(
      ['payments', 'payment_shipments', 'refunds', 'ledger_entries', 'idempotency_keys', 'erasures'].map(read),
    );
  };

  it("clears the card details of the buyer's payments, also in replayed responses, and keeps amounts and the ledger", async () => {
    const buyerId = randomUUID();
    const sellerId = `seller-${randomUUID()}`;
    const idempotencyKey = key();
    const body = chargeBody({ buyerId }, [{ sellerId, subtotal: 4000 }]);
    const charged = await charge(idempotencyKey, body);
    expect(charged.statusCode).to.equal(201);
    expect(charged.body.last4).to.be.a('string');
    const other = await charge(key(), chargeBody({ buyerId: randomUUID() }));
    const balanceBefore = (await payments.http.get('seller/balance', { headers: sellerHeaders(sellerId) })).body;
    const ledgerBefore = await payments.db.query('SELECT * FROM ledger_entries ORDER BY id', {
      type: QueryTypes.SELECT,
    });

    const res = await erase(buyerId);
    expect(res.statusCode).to.equal(200);
    expect(res.body.userId).to.equal(buyerId);
    const [payment, untouched] = await paymentsOf([body.orderId, other.body.orderId]).then((items) => [
      items.find((p: any) => p.id === charged.body.id),
      items.find((p: any) => p.id === other.body.id),
    ]);
    expect(payment).to.deep.equal({ ...charged.body, brand: null, last4: null });
    expect(untouched).to.deep.equal(other.body);
    const replay = await charge(idempotencyKey, body);
    expect([replay.statusCode, replay.body]).to.deep.equal([201, { ...charged.body, brand: null, last4: null }]);
    expect((await payments.http.get('seller/balance', { headers: sellerHeaders(sellerId) })).body).to.deep.equal(
      balanceBefore,
    );
    expect(
      await payments.db.query('SELECT * FROM ledger_entries ORDER BY id', { type: QueryTypes.SELECT }),
    ).to.deep.equal(ledgerBefore);
  });

  it('is idempotent: a repeat answers the first erasure and changes nothing', async () => {
    const buyerId = randomUUID();
    expect((await charge(key(), chargeBody({ buyerId }))).statusCode).to.equal(201);
    const first = await erase(buyerId);
    const before = await tables();
    const second = await erase(buyerId);
    expect(second.statusCode).to.equal(200);
    expect(second.body).to.deep.equal(first.body);
    expect(await tables()).to.deep.equal(before);
  });
});
