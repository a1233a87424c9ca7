import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { dropTestDatabases, httpClient, startSystem, type SystemHandle, type TestHttp } from '@agora/test-kit';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('tampered access tokens are refused by the aggregator (real processes)', function () {
  this.timeout(120_000);
  let system: SystemHandle;
  let api: TestHttp;
  let valid: string;
  let userId: string;
  let kid: string;
  let authKey: KeyObject;

  before(async () => {
    system = await startSystem({ services: ['auth'], env: { LOG_LEVEL: 'warn' } });
    api = httpClient(system.url);
    const res = await api.post<any>('api/v1/auth/signup', {
      json: { email: `t-${randomBytes(4).toString('hex')}@example.com`, password: 'correct-horse-battery', name: 'T' },
    });
    valid = res.body.accessToken;
    userId = res.body.user.id;
    kid = jwt.decode(valid, { complete: true })!.header.kid!;
    // The auth process generated its key into the shared data folder; the tests sign with it to forge otherwise-valid tokens.
    authKey = createPrivateKey(readFileSync(path.join(system.dataDir, 'keys', 'auth-jwt.pem'), 'utf8'));
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  const claims = (overrides: Record<string, unknown> = {}) => ({
    sub: userId,
    role: 'admin',
    iss: 'agora-auth',
    aud: 'agora',
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 600,
    jti: 'forged',
    ...overrides,
  });
  const signed = (payload: object, options: { key?: KeyObject; kid?: string } = {}) =>
    jwt.sign(payload, options.key ?? authKey, { algorithm: 'RS256', keyid: options.kid ?? kid });

  async function expectRefused(token: string) {
    const res = await api.get<any>('api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).to.equal(401);
    expect(res.body.code).to.equal('unauthorized');
    expect(res.headers['www-authenticate']).to.equal('Bearer realm="agora", error="invalid_token"');
  }

  it("accepts the genuine token, and a token forged with the real key (the test's own control)", async () => {
    expect((await api.get('api/v1/me', { headers: { authorization: `Bearer ${valid}` } })).statusCode).to.equal(200);
    expect(
      (await api.get('api/v1/me', { headers: { authorization: `Bearer ${signed(claims({ role: 'buyer' }))}` } }))
        .statusCode,
    ).to.equal(200);
  });

  it('refuses a token whose payload was changed (bad signature)', async () => {
    const [header, , signature] = valid.split('.');
    await expectRefused(`${header}.${b64(claims())}.${signature}`);
  });

  it('refuses a token signed by another key under the real kid', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectRefused(signed(claims(), { key: privateKey }));
  });

  it('refuses alg none', async () => {
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims())}.`);
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const publicPem = createPublicKey(authKey).export({ type: 'spki', format: 'pem' }) as string;
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claims())}`;
    await expectRefused(`${unsigned}.${createHmac('sha256', publicPem).update(unsigned).digest('base64url')}`);
  });

  it('refuses an expired token', async () => {
    await expectRefused(
      signed(claims({ iat: Math.floor(Date.now() / 1000) - 1000, exp: Math.floor(Date.now() / 1000) - 100 })),
    );
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    await expectRefused(signed(claims({ aud: 'someone-else' })));
    await expectRefused(signed(claims({ iss: 'evil-issuer' })));
  });

  it('refuses an unknown kid', async () => {
    await expectRefused(signed(claims(), { kid: 'no-such-key' }));
  });

  it('refuses garbage and a malformed Authorization header', async () => {
    await expectRefused('not-a-jwt');
    const res = await api.get<any>('api/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.statusCode).to.equal(401);
    expect(res.headers['www-authenticate']).to.equal('Bearer realm="agora", error="invalid_token"');
  });
});
