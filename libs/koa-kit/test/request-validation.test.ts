import http from 'node:http';
import { expect } from 'chai';
import { BODY_LIMIT_BYTES } from '../src/json-body.js';
import { startTinyApp, type TinyApp } from './fixtures/tiny-app.js';

/** A JSON upload body of exactly `bytes` bytes. */
function uploadOf(bytes: number): string {
  const envelope = '{"data":""}';
  return `{"data":"${'x'.repeat(bytes - envelope.length)}"}`;
}

describe('koa-kit: request bodies and parameters', () => {
  let app: TinyApp;
  before(async () => {
    app = await startTinyApp();
  });
  after(async () => {
    await app.listening.close();
  });

  it('accepts a valid JSON body', async () => {
    const res = await app.http.post<Record<string, any>>('products', { json: { title: 'Lamp', price: 1999 } });
    expect(res.statusCode).to.equal(201);
    expect(res.body).to.deep.equal({ id: 'p9', title: 'Lamp', price: 1999 });
  });

  it('answers a body that is not JSON with 415 unsupported_media_type', async () => {
    const res = await app.http.post<Record<string, any>>('products', {
      body: 'title=Lamp',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).to.equal(415);
    expect(res.body).to.include({ code: 'unsupported_media_type', status: 415 });
  });

  it('answers a body without a content type with 415', async () => {
    const res = await app.http.post<Record<string, any>>('products', { body: '{"title":"x","price":1}' });
    expect(res.statusCode).to.equal(415);
  });

  it('answers malformed JSON with 400 validation_failed', async () => {
    const res = await app.http.post<Record<string, any>>('products', {
      body: '{"title": "Lamp",',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).to.equal(400);
    expect(res.body).to.include({ code: 'validation_failed', status: 400 });
  });

  it('answers a JSON scalar body with 400 validation_failed', async () => {
    const res = await app.http.post<Record<string, any>>('products', {
      body: '"Lamp"',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).to.equal(400);
    expect(res.body.code).to.equal('validation_failed');
  });

  it(`accepts a body of exactly 1 MiB (${BODY_LIMIT_BYTES} bytes)`, async () => {
    expect(BODY_LIMIT_BYTES).to.equal(1_048_576);
    const body = uploadOf(BODY_LIMIT_BYTES);
    expect(Buffer.byteLength(body)).to.equal(1_048_576);
    const res = await app.http.post<Record<string, any>>('uploads', {
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).to.equal(200);
    expect(res.body.size).to.equal(1_048_576 - '{"data":""}'.length);
  });

  it('answers a body one byte over 1 MiB with 413 payload_too_large', async () => {
    const res = await app.http.post<Record<string, any>>('uploads', {
      body: uploadOf(BODY_LIMIT_BYTES + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).to.equal(413);
    expect(res.body).to.include({ code: 'payload_too_large', status: 413 });
  });

  it('answers a chunked body over 1 MiB (no Content-Length) with 413 payload_too_large', async () => {
    const res = await app.http.post<Record<string, any>>('uploads', {
      body: (async function* chunks() {
        yield '{"data":"';
        for (let i = 0; i < 17; i++) yield 'x'.repeat(65_536);
        yield '"}';
      })(),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).to.equal(413);
    expect(res.body.code).to.equal('payload_too_large');
  });

  it('names an unknown property in errors[]', async () => {
    const res = await app.http.post<Record<string, any>>('products', {
      json: { title: 'Lamp', price: 1, colour: 'red' },
    });
    expect(res.statusCode).to.equal(400);
    expect(res.body.code).to.equal('validation_failed');
    expect(res.body.errors).to.deep.equal([{ path: '/body/colour', message: 'is not allowed' }]);
  });

  it('names every wrong type and missing field in errors[] with path and message', async () => {
    const res = await app.http.post<Record<string, any>>('products', { json: { title: 42, price: '19.99' } });
    expect(res.statusCode).to.equal(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).to.deep.equal(['/body/price', '/body/title']);
    for (const error of res.body.errors) expect(error.message).to.be.a('string').and.not.equal('');
    const missing = await app.http.post<Record<string, any>>('products', { json: { title: 'Lamp' } });
    expect(missing.body.errors).to.deep.equal([
      { path: '/body/price', message: "must have required property 'price'" },
    ]);
  });

  it('does not coerce body values: a numeric string is not an integer', async () => {
    const res = await app.http.post<Record<string, any>>('products', { json: { title: 'Lamp', price: '1999' } });
    expect(res.statusCode).to.equal(400);
  });

  it('refuses a request without its required body', async () => {
    const res = await app.http.post<Record<string, any>>('products', {
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).to.equal(400);
    expect(res.body.code).to.equal('validation_failed');
    expect(res.body.errors).to.have.length.greaterThan(0);
    for (const error of res.body.errors) expect(error.path).to.match(/^\/body/);
  });

  it('refuses a request without its required body when it sends no content type either', async () => {
    const res = await app.http.post<Record<string, any>>('products');
    expect(res.statusCode).to.equal(400);
    expect(res.body.code).to.equal('validation_failed');
    // got sends `content-length: 0`: an empty body is no body, and this operation requires one.
    expect(res.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['/body']);
  });

  it('hands an optional body that was not sent to the handler as undefined, a bare POST (content-length: 0) included', async () => {
    const bare = await app.http.post<Record<string, any>>('products/1/publish');
    expect([bare.statusCode, bare.body]).to.deep.equal([200, { body: 'absent' }]);
    const zero = await app.http.post<Record<string, any>>('products/1/publish', {
      headers: { 'content-length': '0' },
    });
    expect([zero.statusCode, zero.body]).to.deep.equal([200, { body: 'absent' }]);
  });

  it('validates an optional body that was sent', async () => {
    const sent = await app.http.post<Record<string, any>>('products/1/publish', { json: { channel: 'web' } });
    expect([sent.statusCode, sent.body]).to.deep.equal([200, { body: { channel: 'web' } }]);
    for (const json of [{}, { channel: '' }, { channel: 'web', extra: 1 }]) {
      const res = await app.http.post<Record<string, any>>('products/1/publish', { json });
      expect([res.statusCode, res.body.code], JSON.stringify(json)).to.deep.equal([400, 'validation_failed']);
    }
  });

  it('keeps serving a keep-alive connection after refusing an oversized chunked body', async () => {
    let connections = 0;
    const count = () => connections++;
    app.listening.server.on('connection', count);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await app.http.post('uploads', {
        agent: { http: agent },
        body: (async function* chunks() {
          yield '{"data":"';
          for (let i = 0; i < 17; i++) yield 'x'.repeat(65_536);
          yield '"}';
        })(),
        headers: { 'content-type': 'application/json' },
      });
      expect(refused.statusCode).to.equal(413);
      const next = await app.http.post('products', {
        agent: { http: agent },
        json: { title: 'Lamp', price: 1 },
        timeout: { request: 2000 },
      });
      expect(next.statusCode).to.equal(201);
      expect(connections).to.equal(1);
    } finally {
      agent.destroy();
      app.listening.server.off('connection', count);
    }
  });

  it('coerces query values to their declared types', async () => {
    const res = await app.http.get<Record<string, any>>('products', { searchParams: { limit: '2', inStock: 'true' } });
    expect(res.statusCode).to.equal(200);
    expect(res.body.items).to.have.length(2);
    expect(res.body.limitType).to.equal('number');
    expect(res.body.inStock).to.equal(true);
  });

  for (const limit of ['0', '101', 'ten', '2.5']) {
    it(`answers ?limit=${limit} with 400 naming /query/limit`, async () => {
      const res = await app.http.get<Record<string, any>>('products', { searchParams: { limit } });
      expect(res.statusCode).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors.map((e: { path: string }) => e.path)).to.include('/query/limit');
    });
  }

  it('coerces and validates path parameters', async () => {
    const ok = await app.http.delete('products/7');
    expect(ok.statusCode).to.equal(204);
    expect(ok.headers['x-id-type']).to.equal('number');
    const bad = await app.http.delete<Record<string, any>>('products/zero');
    expect(bad.statusCode).to.equal(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['/params/id']);
  });
});
