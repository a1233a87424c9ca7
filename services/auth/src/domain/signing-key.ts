import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface PublicJwk {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: 'RS256';
  n: string;
  e: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  kid: string;
  jwk: PublicJwk;
}

/** RFC 7638: sha256 over the required members in lexicographic order, base64url. */
function thumbprint(n: string, e: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
}

function publicJwk(key: KeyObject): PublicJwk {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', kid: thumbprint(n, e), use: 'sig', alg: 'RS256', n, e };
}

function fromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('JWT_PRIVATE_KEY must be an RSA private key');
  const jwk = publicJwk(privateKey);
  return { privateKey, kid: jwk.kid, jwk };
}

/** An environment variable's PEM text, with `\n` escapes (one-line env files) made newlines. */
const unescape = (pem: string) => pem.replace(/\\n/g, '\n');

/**
 * `JWT_VERIFICATION_KEYS`: RSA keys (PEM blocks one after the other, public or private)
 * published in the JWKS beside the signing key, for a rotation without refused tokens:
 * the next key before auth signs with it, the previous one until its tokens expired.
 */
export function loadVerificationKeys(pems: string | undefined): PublicJwk[] {
  const blocks = unescape(pems ?? '').match(/-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g) ?? [];
  if (pems?.trim() && blocks.length === 0) throw new Error('JWT_VERIFICATION_KEYS holds no PEM block');
  return blocks.map((block) => {
    const key = /PRIVATE KEY/.test(block) ? createPrivateKey(block) : createPublicKey(block);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('JWT_VERIFICATION_KEYS must hold RSA keys only');
    return publicJwk(key);
  });
}

/** Where the signing key is kept when JWT_PRIVATE_KEY is not set (data-access/signing-key-file.ts). */
export interface SigningKeyStore {
  /** The kept key's PEM text; `generate` makes one the first time. */
  pem(generate: () => string): string;
}

function generatedPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** The key access tokens are signed with: `JWT_PRIVATE_KEY` when set, else the kept one, generated on the first start. */
export function loadSigningKey(options: { pem?: string; store: SigningKeyStore }): SigningKey {
  return fromPem(options.pem ? unescape(options.pem) : options.store.pem(generatedPem));
}
