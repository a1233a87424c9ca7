import { expect } from 'chai';
import { encodeCursor } from '@agora/paging';
import { startTinyApp, type TinyApp } from './fixtures/tiny-app.js';

describe('koa-kit: a keyset-paged list over HTTP', () => {
  let app: TinyApp;
  before(async () => {
    app = await startTinyApp();
  });
  after(async () => {
    await app.listening.close();
  });

  it('pages through a list with nextCursor until it is null', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await app.http.get<{ items: Array<{ id: string }>; nextCursor: string | null }>('products', {
        searchParams: { limit: 2, ...(cursor ? { cursor } : {}) },
      });
      expect(res.statusCode).to.equal(200);
      seen.push(...res.body.items.map((p) => p.id));
      if (res.body.nextCursor === null) break;
      cursor = res.body.nextCursor;
    }
    expect(seen).to.deep.equal(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  for (const [why, forged] of [
    ['is not base64 JSON', 'not-a-cursor'],
    ['is JSON but not a list', Buffer.from('{"id":3}').toString('base64url')],
    ['has the wrong number of keys', encodeCursor([1, 2])],
  ]) {
    it(`answers 400 validation_failed to a cursor that ${why}`, async () => {
      const res = await app.http.get<Record<string, any>>('products', { searchParams: { cursor: forged } });
      expect(res.statusCode).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors).to.deep.equal([{ path: '/query/cursor', message: 'is not a cursor this list issued' }]);
    });
  }
});
