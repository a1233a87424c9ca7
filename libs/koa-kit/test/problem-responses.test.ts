import { expect } from 'chai';
import { statusOf, type ErrorCode } from '@agora/errors';
import { startTinyApp, type TinyApp } from './fixtures/tiny-app.js';

const CODES: ErrorCode[] = [
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'email_taken',
  'invalid_credentials',
  'insufficient_stock',
  'empty_cart',
  'mixed_currency',
  'payment_declined',
  'payment_failed',
  'idempotency_key_missing',
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'invalid_state',
  'too_many_requests',
  'payload_too_large',
  'unsupported_media_type',
  'service_unavailable',
  'internal',
];

describe('koa-kit: errors become problem+json', () => {
  let app: TinyApp;
  before(async () => {
    app = await startTinyApp();
  });
  after(async () => {
    await app.listening.close();
  });

  for (const code of CODES) {
    it(`answers a thrown ${code} with ${statusOf(code)} and the problem shape`, async () => {
      const res = await app.http.get<Record<string, any>>(`fail/${code}`);
      expect(res.statusCode).to.equal(statusOf(code));
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body).to.include({
        type: `https://agora.dev/problems/${code.replace(/_/g, '-')}`,
        status: statusOf(code),
        detail: `failed with ${code}`,
        code,
        instance: `/fail/${code}`,
      });
      expect(res.body.title).to.be.a('string').and.not.equal('');
    });
  }

  it('includes field errors when the error has them', async () => {
    const res = await app.http.get<Record<string, any>>('fail/validation_failed');
    expect(res.body.errors).to.deep.equal([{ path: '/body/x', message: 'is wrong' }]);
  });

  it('answers an unknown route with a 404 not_found problem', async () => {
    const res = await app.http.get<Record<string, any>>('nowhere');
    expect(res.statusCode).to.equal(404);
    expect(res.body).to.include({ status: 404, code: 'not_found', instance: '/nowhere' });
  });

  it('answers an unhandled error with 500 internal and leaks neither message nor stack', async () => {
    const res = await app.http.get('boom', { responseType: 'text' });
    expect(res.statusCode).to.equal(500);
    const body = JSON.parse(res.body);
    expect(body).to.deep.equal({
      type: 'https://agora.dev/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side',
      code: 'internal',
      instance: '/boom',
    });
    expect(res.body).not.to.match(/ECONNREFUSED|db\.internal|hunter22|at |\.ts/);
  });

  it('logs the unhandled error with its stack, redacted, for the operators', async () => {
    const res = await app.http.get('boom', { headers: { 'x-request-id': 'boom-1' } });
    expect(res.statusCode).to.equal(500);
    const record = app.logs.records().find((r) => r.req_id === 'boom-1' && r.msg === 'unhandled error');
    expect(record?.err.stack).to.include('ECONNREFUSED');
    expect(record?.level).to.equal(50);
  });
});
