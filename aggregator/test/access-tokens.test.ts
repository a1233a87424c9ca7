import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { AccessTokenVerifier, type Jwks } from '../src/domain/access-tokens.js';

const ISSUER = 'agora-auth';
const AUDIENCE = 'agora';

function signingKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

function token(key: { kid: string; privateKey: KeyObject }, claims: object, nowMs: number, ttlSeconds = 900) {
  const iat = Math.floor(nowMs / 1000);
  return jwt.sign({ role: 'buyer', ...claims, iat, exp: iat + ttlSeconds }, key.privateKey, {
    algorithm: 'RS256',
    keyid: key.kid,
    issuer: ISSUER,
    audience: AUDIENCE,
  });
}

/** The aggregator's token check in-process: a JWKS that the test changes, a clock it moves. */
describe('access tokens: verified once, remembered only while they may be trusted', () => {
  const first = signingKey('k1');
  const second = signingKey('k2');
  let clock: number;
  let jwks: Jwks;
  let verifier: AccessTokenVerifier;
  let signatureChecks: number;
  let verifySignature: typeof jwt.verify;

  beforeEach(() => {
    clock = Date.parse('2026-12-01T12:00:00Z');
    jwks = { keys: [first.jwk] };
    verifier = new AccessTokenVerifier(async () => jwks, { issuer: ISSUER, audience: AUDIENCE, now: () => clock });
    signatureChecks = 0;
    verifySignature = jwt.verify;
    (jwt as { verify: unknown }).verify = (...args: Parameters<typeof jwt.verify>) => {
      signatureChecks++;
      return verifySignature(...args);
    };
  });
  afterEach(() => {
    (jwt as { verify: unknown }).verify = verifySignature;
  });

  it('checks a token once; the same token again is served from memory with the same caller', async () => {
    const sent = token(first, { sub: 'u1' }, clock);
    const caller = await verifier.verify(sent);
    expect(caller).to.include({ id: 'u1', role: 'buyer' });
    expect(await verifier.verify(sent)).to.deep.equal(caller);
    expect(await verifier.verify(sent)).to.deep.equal(caller);
    expect(signatureChecks).to.equal(1);
  });

  it('refuses a remembered token once it has expired', async () => {
    const sent = token(first, { sub: 'u1' }, clock, 60);
    await verifier.verify(sent);
    clock += 61_000;
    const refused = await verifier.verify(sent).catch((err: { status?: number }) => err);
    expect(refused).to.have.property('status', 401);
  });

  it('never lets a changed byte ride on a remembered token', async () => {
    const sent = token(first, { sub: 'u1' }, clock);
    await verifier.verify(sent);
    const [header, payload, signature] = sent.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    for (const forged of [`${header}.${forgedPayload}.${signature}`, `${sent}x`]) {
      const refused = await verifier.verify(forged).catch((err: { status?: number }) => err);
      expect(refused, forged.slice(-12)).to.have.property('status', 401);
    }
  });

  it('forgets what it remembered when the JWKS changes: a withdrawn key vouches for nothing any more', async () => {
    const sent = token(first, { sub: 'u1' }, clock);
    await verifier.verify(sent);
    jwks = { keys: [second.jwk] };
    await verifier.refresh();
    const refused = await verifier.verify(sent).catch((err: { status?: number }) => err);
    expect(refused).to.have.property('status', 401);
    expect((await verifier.verify(token(second, { sub: 'u2' }, clock))).id).to.equal('u2');
  });

  it('keeps what it remembered across a refresh that finds the same keys', async () => {
    const sent = token(first, { sub: 'u1' }, clock);
    await verifier.verify(sent);
    await verifier.refresh();
    await verifier.verify(sent);
    expect(signatureChecks).to.equal(1);
  });
});
