import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { dropTestDatabases, httpClient, startSystem, waitFor, type SystemHandle, type TestHttp } from '@agora/test-kit';

const pemPair = () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  return { pem, publicPem: createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'pem' }) as string };
};
const kidOf = (token: string) => jwt.decode(token, { complete: true })!.header.kid!;

describe('rotating the token signing key refuses no valid token (real processes)', function () {
  this.timeout(180_000);
  const [oldKey, newKey] = [pemPair(), pemPair()];
  let system: SystemHandle;
  let api: TestHttp;
  const account = { email: `rotate-${randomBytes(4).toString('hex')}@example.com`, password: 'correct-horse-battery' };

  before(async () => {
    system = await startSystem({
      services: ['auth'],
      env: { LOG_LEVEL: 'warn' },
      envOf: { auth: { JWT_PRIVATE_KEY: oldKey.pem }, aggregator: { JWKS_REFRESH_MS: '300' } },
    });
    api = httpClient(system.url);
    expect((await api.post('api/v1/auth/signup', { json: { ...account, name: 'Rotating' } })).statusCode).to.equal(201);
  });
  after(async () => {
    await system?.stop();
    await dropTestDatabases();
  });

  const login = async () =>
    (await api.post<{ accessToken: string }>('api/v1/auth/login', { json: account })).body.accessToken;
  const me = async (token: string) =>
    (await api.get('api/v1/me', { headers: { authorization: `Bearer ${token}` } })).statusCode;
  const publishedKids = async () =>
    (await api.get<{ keys: Array<{ kid: string }> }>('.well-known/jwks.json')).body.keys.map((k) => k.kid);

  it('publishes the next key first, signs with it while the old one still verifies, then retires the old one', async () => {
    const before = await login();
    expect(await me(before)).to.equal(200);
    const oldKid = kidOf(before);

    // Step 1: the next key is published, not used yet.
    await system.processes.auth!.restart({ JWT_VERIFICATION_KEYS: newKey.publicPem });
    const announced = await login();
    expect(kidOf(announced)).to.equal(oldKid);
    const jwks = await httpClient(system.processes.auth!.url, {}, { contract: 'api-docs/auth.yaml' }).get<{
      keys: Array<{ kid: string }>;
    }>('.well-known/jwks.json');
    expect(jwks.body.keys.map((k) => k.kid))
      .to.have.length(2)
      .and.include(oldKid);
    // The aggregator learns it from its periodic JWKS refresh, before any token is signed with it.
    await waitFor(async () => ((await publishedKids()).length === 2 ? true : null), {
      timeoutMs: 10_000,
      what: 'the aggregator to know the next key',
    });

    // Step 2: auth signs with the next key; the old one stays published until its tokens expired.
    await system.processes.auth!.restart({ JWT_PRIVATE_KEY: newKey.pem, JWT_VERIFICATION_KEYS: oldKey.publicPem });
    const after = await login();
    const newKid = kidOf(after);
    expect(newKid).to.not.equal(oldKid);
    expect(jwks.body.keys.map((k) => k.kid)).to.include(newKid);
    // Once the aggregator fetched the JWKS of the restarted auth, it holds exactly what auth publishes.
    await waitFor(async () => ((await publishedKids()).includes(newKid) ? true : null), {
      timeoutMs: 10_000,
      what: 'the aggregator to fetch the new JWKS',
    });
    expect(await publishedKids()).to.have.members([oldKid, newKid]);
    expect([await me(before), await me(announced), await me(after)], 'tokens of both keys are accepted').to.deep.equal([
      200, 200, 200,
    ]);

    // Step 3, once the old key's tokens expired: it is retired, and a token signed with it is refused.
    await system.processes.auth!.restart({ JWT_VERIFICATION_KEYS: undefined });
    await waitFor(async () => ((await publishedKids()).length === 1 ? true : null), {
      timeoutMs: 10_000,
      what: 'the aggregator to drop the retired key',
    });
    expect(await publishedKids()).to.deep.equal([newKid]);
    expect([await me(before), await me(after)]).to.deep.equal([401, 200]);
  });

  it('refuses a token signed with a key auth never published', async () => {
    const stranger = pemPair();
    const token = jwt.sign({ role: 'buyer' }, stranger.pem, {
      algorithm: 'RS256',
      keyid: 'not-published',
      subject: 'u-1',
      issuer: 'agora-auth',
      audience: 'agora',
      expiresIn: 600,
    });
    expect(await me(token)).to.equal(401);
  });
});
