import { expect } from 'chai';
import { startTinyApp, type TinyApp } from './fixtures/tiny-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('koa-kit: request ids and trace context', () => {
  let app: TinyApp;
  before(async () => {
    app = await startTinyApp();
  });
  after(async () => {
    await app.listening.close();
  });

  it('echoes a well-formed incoming X-Request-Id', async () => {
    const res = await app.http.get('healthz', { headers: { 'x-request-id': 'req-1.A_b' } });
    expect(res.headers['x-request-id']).to.equal('req-1.A_b');
  });

  it('keeps a 128-character request id', async () => {
    const id = 'a'.repeat(128);
    const res = await app.http.get('healthz', { headers: { 'x-request-id': id } });
    expect(res.headers['x-request-id']).to.equal(id);
  });

  for (const [why, bad] of [
    ['has spaces', 'has spaces'],
    ['has a slash', 'a/b'],
    ['is longer than 128', 'a'.repeat(129)],
    ['has a quote', 'x"y'],
  ]) {
    it(`replaces an incoming request id that ${why} with a new one`, async () => {
      const res = await app.http.get('healthz', { headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).to.match(UUID);
    });
  }

  it('gives a request without an id a fresh one each time', async () => {
    const [a, b] = await Promise.all([app.http.get('healthz'), app.http.get('healthz')]);
    expect(a.headers['x-request-id']).to.match(UUID);
    expect(b.headers['x-request-id']).to.match(UUID);
    expect(a.headers['x-request-id']).not.to.equal(b.headers['x-request-id']);
  });

  it('carries the request id on error responses too', async () => {
    const res = await app.http.get('no/such/route', { headers: { 'x-request-id': 'err-1' } });
    expect(res.statusCode).to.equal(404);
    expect(res.headers['x-request-id']).to.equal('err-1');
  });

  it('puts the request id, W3C trace id and the headers to propagate into the request context', async () => {
    const res = await app.http.get<Record<string, any>>('context', {
      headers: { 'x-request-id': 'r-42', traceparent: TRACEPARENT, tracestate: 'vendor=1' },
    });
    expect(res.body).to.deep.equal({
      requestId: 'r-42',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      propagate: { 'x-request-id': 'r-42', traceparent: TRACEPARENT, tracestate: 'vendor=1' },
    });
  });

  it('takes the trace id from multi-header B3 and propagates every B3 header', async () => {
    const b3 = {
      'x-b3-traceid': '463ac35c9f6413ad',
      'x-b3-spanid': 'a2fb4a1d1a96d312',
      'x-b3-parentspanid': '0020000000000001',
      'x-b3-sampled': '1',
      'x-b3-flags': '1',
    };
    const res = await app.http.get<Record<string, any>>('context', { headers: b3 });
    expect(res.body.traceId).to.equal('463ac35c9f6413ad');
    expect(res.body.propagate).to.deep.include(b3);
    expect(res.body.propagate['x-request-id']).to.equal(res.headers['x-request-id']);
  });

  it('takes the trace id from single-header B3', async () => {
    const res = await app.http.get<Record<string, any>>('context', {
      headers: { b3: '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1' },
    });
    expect(res.body.traceId).to.equal('80f198ee56343ba864fe8b2a57d3eff7');
    expect(res.body.propagate.b3).to.equal('80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1');
  });

  it('ignores a malformed traceparent for the trace id', async () => {
    const res = await app.http.get<Record<string, any>>('context', {
      headers: { traceparent: '00-NOTHEX-00f067aa0ba902b7-01' },
    });
    expect(res.body.traceId).to.equal(undefined);
  });

  it('keeps concurrent requests in separate contexts', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `concurrent-${i}`);
    const bodies = await Promise.all(
      ids.map((id) => app.http.get<Record<string, any>>('context', { headers: { 'x-request-id': id } })),
    );
    expect(bodies.map((r) => r.body.requestId)).to.deep.equal(ids);
  });
});
