import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadSigningKey } from '../src/domain/signing-key.js';

describe('auth: the token signing key', () => {
  it('generates a key into <data>/keys/auth-jwt.pem with mode 0600 on first start, and reuses it', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agora-key-'));
    const first = loadSigningKey({ dataDir });
    const file = path.join(dataDir, 'keys', 'auth-jwt.pem');
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(loadSigningKey({ dataDir }).kid).to.equal(first.kid);
  });

  it('uses JWT_PRIVATE_KEY when given, with its RFC 7638 thumbprint as kid', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agora-key-'));
    const key = loadSigningKey({ pem, dataDir });
    expect(key.jwk).to.include({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB', kid: key.kid });
    expect(key.kid).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(loadSigningKey({ pem, dataDir }).kid).to.equal(key.kid);
    expect(() => loadSigningKey({ pem: 'not a pem', dataDir })).to.throw();
  });
});
