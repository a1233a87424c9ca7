import { expect } from 'chai';
import { decodeCursor, encodeCursor, createdAtCursor, createdAtPosition, pageOf } from '@agora/paging';

describe('paging: keyset cursors and pages', () => {
  it('round-trips the sort key values of the last item', () => {
    const values = ['2025-03-01T10:00:00.000Z', 'p_01HX', 1999, null];
    const cursor = encodeCursor(values);
    expect(cursor).to.match(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 4)).to.deep.equal(values);
  });

  it('treats a missing or empty cursor as the first page', () => {
    expect(decodeCursor(undefined, 2)).to.equal(undefined);
    expect(decodeCursor('', 2)).to.equal(undefined);
  });

  for (const [why, forged] of [
    ['is not base64 JSON', 'not-a-cursor'],
    ['is JSON but not a list', Buffer.from('{"id":3}').toString('base64url')],
    ['has the wrong number of keys', encodeCursor([1, 2])],
  ]) {
    it(`refuses a cursor that ${why} with validation_failed on /query/cursor`, () => {
      expect(() => decodeCursor(forged, 3))
        .to.throw()
        .with.property('errors')
        .deep.equal([{ path: '/query/cursor', message: 'is not a cursor this list issued' }]);
    });
  }

  it('keeps limit rows of limit + 1 and makes the last one kept the next cursor', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = pageOf(rows, 2, (last) => [last.id]);
    expect(page.items).to.deep.equal([{ id: 'a' }, { id: 'b' }]);
    expect(decodeCursor(page.nextCursor!, 1)).to.deep.equal(['b']);
  });

  it('has no next cursor when the rows fit in the page', () => {
    expect(pageOf([{ id: 'a' }, { id: 'b' }], 2, (last) => [last.id])).to.deep.equal({
      items: [{ id: 'a' }, { id: 'b' }],
      nextCursor: null,
    });
    expect(pageOf([], 2, () => [])).to.deep.equal({ items: [], nextCursor: null });
  });

  it('reads back the (createdAt, id) position its cursor was made of, with a time as a Date or a string', () => {
    const at = new Date('2025-03-01T10:00:00.000Z');
    expect(createdAtPosition(encodeCursor(createdAtCursor({ createdAt: at, id: 'x' })))).to.deep.equal({
      createdAt: at.toISOString(),
      id: 'x',
    });
    expect(createdAtPosition(undefined)).to.equal(undefined);
    expect(() => createdAtPosition(encodeCursor(['yesterday', 'x'])))
      .to.throw()
      .with.property('code', 'validation_failed');
  });
});
