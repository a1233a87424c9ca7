import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadSigningKey, loadVerificationKeys } from '../src/domain/signing-key.js';
import { AccessTokenIssuer } from '../src/domain/access-tokens.js';
import { signingKeyFile } from '../src/data-access/signing-key-file.js';

describe('auth: the token signing key', () => {
  it('generates a key into <data>/keys/auth-jwt.pem with mode 0600 on first start, and reuses it', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agora-key-'));
    const first = loadSigningKey({ store: signingKeyFile(dataDir) });
    const file = path.join(dataDir, 'keys', 'auth-jwt.pem');
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(loadSigningKey({ store: signingKeyFile(dataDir) }).kid).to.equal(first.kid);
  });

  it('uses JWT_PRIVATE_KEY when given, with its RFC 7638 thumbprint as kid', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agora-key-'));
    const key = loadSigningKey({ pem, store: signingKeyFile(dataDir) });
    expect(key.jwk).to.include({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB', kid: key.kid });
    expect(key.kid).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(loadSigningKey({ pem, store: signingKeyFile(dataDir) }).kid).to.equal(key.kid);
    expect(() => loadSigningKey({ pem: 'not a pem', store: signingKeyFile(dataDir) })).to.throw();
  });
});

describe('auth: keys published beside the signing key (JWT_VERIFICATION_KEYS)', () => {
  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issuer = (key: ReturnType<typeof loadSigningKey>, published: ReturnType<typeof loadVerificationKeys>) =>
    new AccessTokenIssuer(key, { issuer: 'agora-auth', audience: 'agora', ttlSeconds: 60 }, published);

  it('reads public and private PEM blocks one after another, with \\n escapes as one-line env files write them', () => {
    const [a, b] = [rsa(), rsa()];
    const text = [
      a.publicKey.export({ type: 'spki', format: 'pem' }),
      b.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    ]
      .join('')
      .replace(/\n/g, '\\n');
    const keys = loadVerificationKeys(text);
    expect(keys.map((k) => k.n)).to.deep.equal([
      a.publicKey.export({ format: 'jwk' }).n,
      b.publicKey.export({ format: 'jwk' }).n,
    ]);
    for (const key of keys) expect(key).to.include({ kty: 'RSA', use: 'sig', alg: 'RS256' }).and.not.have.property('d');
    expect(loadVerificationKeys(undefined)).to.deep.equal([]);
  });

  it('refuses text without a PEM block, and keys that are not RSA', () => {
    expect(() => loadVerificationKeys('not a key')).to.throw(/no PEM block/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    expect(() => loadVerificationKeys(ec)).to.throw(/RSA keys only/);
  });

  it('publishes the signing key first, then each other key once', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agora-key-'));
    const signing = loadSigningKey({ store: signingKeyFile(dataDir) });
    const other = loadVerificationKeys(rsa().publicKey.export({ type: 'spki', format: 'pem' }) as string)[0]!;
    const jwks = issuer(signing, [other, signing.jwk, other]).jwks();
    expect(jwks.keys.map((k) => k.kid)).to.deep.equal([signing.kid, other.kid]);
  });
});
