import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { dropTestDatabases } from '@agora/test-kit';
import { ADDRESS, startOrders, type OrdersUnderTest } from './orders-under-test.js';

describe("orders: the caller's addresses", () => {
  let orders: OrdersUnderTest;
  before(async () => {
    orders = await startOrders();
  });
  after(async () => {
    await orders.stop();
    await dropTestDatabases();
  });

  const someone = () => orders.as(randomUUID());

  it('saves an address and returns omitted optional fields as null', async () => {
    const res = await someone().post('me/addresses', { json: ADDRESS });
    expect(res.statusCode).to.equal(201);
    expect(res.body).to.deep.include({ ...ADDRESS, line2: null, phone: null });
    expect(res.body).to.have.property('id').that.is.a('string');
    expect(res.body).to.not.have.property('userId');
  });

  it("lists only the caller's addresses page by page, each exactly once", async () => {
    const me = someone();
    await someone().post('me/addresses', { json: ADDRESS });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(((await me.post('me/addresses', { json: { ...ADDRESS, line1: `street ${i}` } })).body as any).id);
    const first = await me.get('me/addresses', { searchParams: { limit: 3 } });
    expect(first.statusCode).to.equal(200);
    const page1 = first.body as any;
    expect(page1.items).to.have.length(3);
    const page2 = (await me.get('me/addresses', { searchParams: { limit: 3, cursor: page1.nextCursor } })).body as any;
    expect(page2.items).to.have.length(2);
    expect(page2.nextCursor).to.equal(null);
    expect([...page1.items, ...page2.items].map((a: any) => a.id).sort()).to.deep.equal([...ids].sort());
    // The newest is first (distinct milliseconds apart from ties, which are ordered by id).
    expect(page1.items[0].line1).to.be.oneOf(['street 4', 'street 3']);
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await someone().get('me/addresses', { searchParams: { cursor: 'not-a-cursor' } });
    expect(res.statusCode).to.equal(400);
    expect(res.body).to.include({ code: 'validation_failed' });
  });

  it('reads, changes and deletes an own address', async () => {
    const me = someone();
    const { id } = (await me.post('me/addresses', { json: { ...ADDRESS, phone: '+44 20 7946 0000' } })).body as any;
    expect((await me.get(`me/addresses/${id}`)).body).to.deep.include({ id, phone: '+44 20 7946 0000' });
    const patched = await me.patch(`me/addresses/${id}`, { json: { line2: 'Flat 4', phone: null, country: 'IE' } });
    expect(patched.statusCode).to.equal(200);
    expect(patched.body).to.deep.include({
      id,
      line2: 'Flat 4',
      phone: null,
      country: 'IE',
      fullName: ADDRESS.fullName,
    });
    expect((await me.delete(`me/addresses/${id}`)).statusCode).to.equal(204);
    expect((await me.get(`me/addresses/${id}`)).statusCode).to.equal(404);
    expect((await me.delete(`me/addresses/${id}`)).statusCode).to.equal(404);
  });

  it("answers 404 for another user's address on every route, and leaves it untouched", async () => {
    const owner = someone();
    const intruder = someone();
    const { id } = (await owner.post('me/addresses', { json: ADDRESS })).body as any;
    expect((await intruder.get(`me/addresses/${id}`)).statusCode).to.equal(404);
    expect((await intruder.patch(`me/addresses/${id}`, { json: { city: 'Paris' } })).statusCode).to.equal(404);
    expect((await intruder.delete(`me/addresses/${id}`)).statusCode).to.equal(404);
    expect(((await intruder.get('me/addresses')).body as any).items).to.deep.equal([]);
    expect((await owner.get(`me/addresses/${id}`)).body).to.deep.include({ city: ADDRESS.city });
  });

  it('needs a caller', async () => {
    const res = await orders.internal.get('me/addresses');
    expect(res.statusCode).to.equal(401);
    expect(res.body).to.include({ code: 'unauthorized' });
  });

  const invalid: Array<[string, object]> = [
    ['an unassigned country code', { ...ADDRESS, country: 'XX' }],
    ['a lowercase country code', { ...ADDRESS, country: 'gb' }],
    ['a three-letter country code', { ...ADDRESS, country: 'GBR' }],
    ['an empty full name', { ...ADDRESS, fullName: '' }],
    ['a full name over 200 characters', { ...ADDRESS, fullName: 'a'.repeat(201) }],
    ['a line2 over 200 characters', { ...ADDRESS, line2: 'a'.repeat(201) }],
    ['a city over 100 characters', { ...ADDRESS, city: 'a'.repeat(101) }],
    ['a postal code over 20 characters', { ...ADDRESS, postalCode: '1'.repeat(21) }],
    ['a phone with letters', { ...ADDRESS, phone: 'call me' }],
    ['a phone over 32 characters', { ...ADDRESS, phone: `+${'1'.repeat(32)}` }],
    ['an unknown property', { ...ADDRESS, nickname: 'home' }],
    ['a missing city', { ...ADDRESS, city: undefined }],
  ];
  for (const [what, body] of invalid) {
    it(`refuses ${what} with validation_failed`, async () => {
      const res = await someone().post('me/addresses', { json: body });
      expect(res.statusCode).to.equal(400);
      expect(res.body).to.include({ code: 'validation_failed' });
      expect((res.body as any).errors).to.be.an('array').that.is.not.empty;
    });
  }

  it('refuses an empty patch and an unassigned country in a patch', async () => {
    const me = someone();
    const { id } = (await me.post('me/addresses', { json: ADDRESS })).body as any;
    expect((await me.patch(`me/addresses/${id}`, { json: {} })).statusCode).to.equal(400);
    const res = await me.patch(`me/addresses/${id}`, { json: { country: 'ZZ' } });
    expect(res.statusCode).to.equal(400);
    expect((res.body as any).errors[0].path).to.equal('/body/country');
  });
});
