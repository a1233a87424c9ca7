import { expect } from 'chai';
import { startTinyApp, type TinyApp } from './fixtures/tiny-app.js';

/** What helmet sets with the kit's options; the kit records it once at start and gives every response the same. */
const EXPECTED: Record<string, string> = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

describe('koa-kit: security headers', () => {
  let app: TinyApp;
  before(async () => {
    app = await startTinyApp();
  });
  after(async () => {
    await app.listening.close();
  });

  it("sends helmet's headers on every answer: a success, a refusal, a missing route, a crash, and to each of several requests", async () => {
    const answers = [
      await app.http.get('products', { searchParams: { limit: 1 } }),
      await app.http.get('products', { searchParams: { limit: 1 } }),
      await app.http.get('products', { searchParams: { limit: 0 } }),
      await app.http.get('no-such-route'),
      await app.http.get('boom'),
      await app.http.get('healthz'),
    ];
    expect(answers.map((res) => res.statusCode)).to.deep.equal([200, 200, 400, 404, 500, 200]);
    for (const res of answers) {
      expect(res.headers).to.include(EXPECTED);
      expect(res.headers).to.not.have.property('x-powered-by');
      expect(res.headers).to.not.have.property('strict-transport-security');
    }
  });

  it('adds HSTS to a request that came over TLS per the trusted proxy, and to that request only', async () => {
    const overTls = await app.http.get('healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(overTls.headers).to.include({
      ...EXPECTED,
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
    expect((await app.http.get('healthz')).headers).to.not.have.property('strict-transport-security');
  });
});
