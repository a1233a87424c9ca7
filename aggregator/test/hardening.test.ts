import { expect } from 'chai';
import {
  dropTestDatabases,
  freePort,
  httpClient,
  startProcess,
  startSystem,
  type ProcessHandle,
  type SystemHandle,
  type TestHttp,
} from '@agora/test-kit';

const SHOP = 'https://shop.example';

describe('hardening: security headers, CORS, trusted proxies (API8, real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let withCors: ProcessHandle;

  before(async () => {
    system = await startSystem({ services: ['auth'], env: { LOG_LEVEL: 'warn' } });
    api = httpClient(system.url);
    withCors = await startProcess('aggregator', {
      ...system.aggregator.env,
      INTERNAL_PORT: String(await freePort()),
      CORS_ALLOWED_ORIGINS: SHOP,
    });
  });
  after(async () => {
    await withCors?.stop();
    await system?.stop();
    await dropTestDatabases();
  });

  it('sends nosniff, no framing, a deny-all CSP and no referrer on API answers, errors included', async () => {
    for (const res of [
      await api.get('.well-known/jwks.json'),
      await api.get('api/v1/me'),
      await api.get('api/v1/no-such-route', { context: { contract: false } }),
    ]) {
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['x-frame-options']).to.equal('DENY');
      expect(res.headers['content-security-policy']).to.equal("default-src 'none';frame-ancestors 'none'");
      expect(res.headers['referrer-policy']).to.equal('no-referrer');
      expect(res.headers).to.not.have.property('x-powered-by');
    }
  });

  it('gives /docs a policy that lets Redoc run from this origin only, and forbids framing it', async () => {
    const res = await api.get('docs', { responseType: 'text' });
    const policy = String(res.headers['content-security-policy']);
    expect(policy)
      .to.contain("default-src 'self'")
      .and.contain("worker-src 'self' blob:")
      .and.contain("frame-ancestors 'none'");
    expect(policy).to.not.contain('http');
  });

  it('sends HSTS only to requests that came over TLS (per the trusted proxy), never over plain HTTP', async () => {
    expect((await api.get('.well-known/jwks.json')).headers).to.not.have.property('strict-transport-security');
    const overTls = await api.get('.well-known/jwks.json', { headers: { 'x-forwarded-proto': 'https' } });
    expect(overTls.headers['strict-transport-security']).to.equal('max-age=31536000; includeSubDomains');
  });

  it('sends the same headers from every service', async () => {
    const res = await httpClient(system.processes.auth!.url).get('.well-known/jwks.json');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['x-frame-options']).to.equal('DENY');
  });

  it('serves no internal route on the public port (API9): the erasure route lives on INTERNAL_PORT only', async () => {
    const res = await api.post<any>('internal/erasures/u-1', { json: {}, context: { contract: false } });
    expect(res.statusCode).to.equal(404);
    const paths = Object.keys(((await api.get<any>('openapi.json')).body as { paths: object }).paths);
    expect(
      paths.filter((p) => !/^\/(api\/v1\/|healthz$|readyz$|openapi\.json$|docs|\.well-known\/jwks\.json$)/.test(p)),
    ).to.deep.equal([]);
  });

  it('answers no CORS at all unless origins are configured', async () => {
    const simple = await api.get('.well-known/jwks.json', { headers: { origin: SHOP } });
    expect(simple.headers).to.not.have.property('access-control-allow-origin');
    const preflight = await api('api/v1/me', {
      method: 'OPTIONS',
      context: { contract: false },
      headers: { origin: SHOP, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers).to.not.have.property('access-control-allow-origin');
  });

  it('allows exactly the configured origins, and no other', async () => {
    const cors = httpClient(withCors.url);
    const preflight = await cors('api/v1/me', {
      method: 'OPTIONS',
      context: { contract: false },
      headers: {
        origin: SHOP,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.statusCode).to.equal(204);
    expect(preflight.headers['access-control-allow-origin']).to.equal(SHOP);
    expect(String(preflight.headers['access-control-allow-headers']).toLowerCase()).to.contain('authorization');
    const allowed = await cors.get('.well-known/jwks.json', { headers: { origin: SHOP } });
    expect(allowed.headers['access-control-allow-origin']).to.equal(SHOP);
    const other = await cors.get('.well-known/jwks.json', { headers: { origin: 'https://evil.example' } });
    expect(other.headers).to.not.have.property('access-control-allow-origin');
  });
});
