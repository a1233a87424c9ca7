import { expect } from 'chai';
import { startTinyApp, type TinyApp } from './fixtures/tiny-app.js';

const DEADLINE = 'x-agora-deadline';
const at = (offsetMs: number) => ({ [DEADLINE]: String(Date.now() + offsetMs) });

describe("koa-kit: a service adopts its caller's deadline (x-agora-deadline)", () => {
  let service: TinyApp;
  let gateway: TinyApp;
  before(async () => {
    [service, gateway] = await Promise.all([
      startTinyApp({ deadlineSkewMs: 250 }),
      startTinyApp({ trustIdentityHeaders: false }),
    ]);
  });
  after(async () => {
    await Promise.all([service.listening.close(), gateway.listening.close()]);
  });

  it('refuses with 503 service_unavailable a request whose deadline passed, before parsing its body or routing it', async () => {
    const res = await service.http.post<any>('products', {
      headers: { ...at(-5_000), 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.statusCode).to.equal(503);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body).to.include({
      code: 'service_unavailable',
      status: 503,
      detail: "The caller's deadline passed; nothing was done",
    });
    expect((await service.http.get('slow', { headers: at(-5_000) })).statusCode).to.equal(503);
    expect(service.slowWaiting(), 'the handler never ran').to.equal(0);
  });

  it("makes a future deadline the request's own, with the skew, so its calls carry it on", async () => {
    const headers = at(30_000);
    const res = await service.http.get<any>('context', { headers });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.include({ deadline: Number(headers[DEADLINE]), deadlineSkewMs: 250 });
    expect((await service.http.get<any>('context')).body, 'no header, no deadline').to.not.have.property('deadline');
  });

  it('still serves a request late by less than the skew allowed for clocks', async () => {
    const tolerant = await startTinyApp({ deadlineSkewMs: 60_000 });
    try {
      expect((await tolerant.http.get('products', { headers: at(-5_000) })).statusCode).to.equal(200);
      expect((await tolerant.http.get('products', { headers: at(-120_000) })).statusCode).to.equal(503);
    } finally {
      await tolerant.listening.close();
    }
  });

  for (const value of [
    'soon',
    '-1',
    '1.5',
    '1e12',
    '0x10',
    '99999999999999999',
    `${Date.now() + 30_000}, ${Date.now() + 30_000}`,
  ]) {
    it(`refuses a malformed deadline (${JSON.stringify(value)}) with 400 validation_failed`, async () => {
      const res = await service.http.get<any>('products', { headers: { [DEADLINE]: value } });
      expect(res.statusCode).to.equal(400);
      expect(res.body).to.include({ code: 'validation_failed' });
      expect(res.body.errors).to.deep.equal([
        {
          path: `/headers/${DEADLINE}`,
          message: 'must be an absolute time in epoch milliseconds, as a decimal integer',
        },
      ]);
    });
  }

  it('answers /healthz, /readyz and /openapi.json whatever the deadline says', async () => {
    for (const path of ['healthz', 'readyz', 'openapi.json']) {
      expect((await service.http.get(path, { headers: at(-5_000) })).statusCode, path).to.equal(200);
      expect((await service.http.get(path, { headers: { [DEADLINE]: 'soon' } })).statusCode, path).to.equal(200);
    }
  });

  it('the aggregator (no trusted headers) ignores the header: it sets its own deadlines', async () => {
    const res = await gateway.http.get<any>('context', { headers: at(-5_000) });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.not.have.property('deadline');
    expect((await gateway.http.get('products', { headers: { [DEADLINE]: 'soon' } })).statusCode).to.equal(200);
  });
});
