import { expect } from 'chai';
import { waitFor } from '@agora/test-kit';
import { startTinyApp, tinyDocument, type TinyApp } from './fixtures/tiny-app.js';

describe('koa-kit: health, docs and the request log', () => {
  let app: TinyApp;
  before(async () => {
    app = await startTinyApp();
  });
  after(async () => {
    await app.listening.close();
  });
  afterEach(() => {
    app.readiness.check = async () => true;
  });

  it('answers /healthz 200 while the process lives', async () => {
    const res = await app.http.get<Record<string, any>>('healthz');
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz 200 when the readiness check passes', async () => {
    const res = await app.http.get<Record<string, any>>('readyz');
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ready' });
  });

  it('answers /readyz 503 when the readiness check says no', async () => {
    app.readiness.check = async () => false;
    const res = await app.http.get<Record<string, any>>('readyz');
    expect(res.statusCode).to.equal(503);
    expect(res.body).to.deep.equal({ status: 'unavailable' });
  });

  it('answers /readyz 503 when the readiness check throws', async () => {
    app.readiness.check = async () => {
      throw new Error('SQLITE_CANTOPEN');
    };
    const res = await app.http.get('readyz', { responseType: 'text' });
    expect(res.statusCode).to.equal(503);
    expect(res.body).not.to.include('SQLITE_CANTOPEN');
  });

  it('serves its OpenAPI document at /openapi.json', async () => {
    const res = await app.http.get<Record<string, any>>('openapi.json');
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.deep.equal(tinyDocument);
  });

  it('writes one request line with req_id, trace_id, method, path, route, status and duration_ms', async () => {
    await app.http.get('products', {
      searchParams: { limit: 1 },
      headers: {
        'x-request-id': 'log-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'x-agora-user-id': 'u1',
        'x-agora-user-role': 'buyer',
      },
    });
    const line = await waitFor(() => app.logs.records().find((r) => r.req_id === 'log-1' && r.event === 'request'));
    expect(line).to.include({
      method: 'GET',
      path: '/products',
      route: '/products',
      status: 200,
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      user_id: 'u1',
      level: 30,
      service: 'tiny',
    });
    expect(line.duration_ms).to.be.a('number').and.at.least(0);
  });

  it('logs a failed request at error level with its final status', async () => {
    await app.http.get('boom', { headers: { 'x-request-id': 'log-500' } });
    const line = await waitFor(() => app.logs.records().find((r) => r.req_id === 'log-500' && r.event === 'request'));
    expect(line).to.include({ status: 500, level: 50, path: '/boom' });
  });

  it('logs the problem status of a refused request, not the default 404', async () => {
    await app.http.post('products', { json: { title: '', price: -1 }, headers: { 'x-request-id': 'log-400' } });
    const line = await waitFor(() => app.logs.records().find((r) => r.req_id === 'log-400' && r.event === 'request'));
    expect(line).to.include({ status: 400, method: 'POST' });
  });

  it('does not log health probes', async () => {
    await app.http.get('healthz', { headers: { 'x-request-id': 'probe-1' } });
    await app.http.get('readyz', { headers: { 'x-request-id': 'probe-2' } });
    await app.http.get('products', { headers: { 'x-request-id': 'after-probes' } });
    await waitFor(() => app.logs.records().find((r) => r.req_id === 'after-probes'));
    expect(app.logs.records().filter((r) => r.req_id === 'probe-1' || r.req_id === 'probe-2')).to.deep.equal([]);
  });
});
