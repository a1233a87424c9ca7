import { createPublicKey, type KeyObject, type JsonWebKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Unauthorized } from '@agora/errors';
import type { Caller, Role } from '@agora/identity';

export interface Jwks {
  keys: Array<JsonWebKey & { kid?: string; alg?: string; use?: string }>;
}

/** Unknown `kid`s trigger a JWKS refresh at most this often, so forged kids cannot flood auth. */
const REFRESH_INTERVAL_MS = 5_000;
const ROLES = new Set<Role>(['buyer', 'seller', 'admin']);

/**
 * Verifies access tokens locally (RS256 only, issuer and audience pinned) against
 * the auth service's JWKS, cached in memory, refreshed on an unknown `kid` and by a
 * periodic job (`JWKS_REFRESH_MS`), so a key auth publishes ahead of a rotation is
 * known before the first token signed with it arrives. No call to auth per request;
 * with auth down, cached keys keep working.
 */
export class AccessTokenVerifier {
  private keys = new Map<string, KeyObject>();
  private jwks: Jwks = { keys: [] };
  private lastRefresh = 0;
  private refreshing?: Promise<void>;

  constructor(
    private readonly fetchJwks: () => Promise<Jwks>,
    private readonly expected: { issuer: string; audience: string },
  ) {}

  /** The cached JWKS, fetched first if none is cached yet. */
  async currentJwks(): Promise<Jwks> {
    if (this.keys.size === 0) await this.refresh();
    return this.jwks;
  }

  async verify(token: string): Promise<Caller & { jti?: string; iat?: number }> {
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    if (!decoded || decoded.header.alg !== 'RS256' || typeof kid !== 'string') throw invalidToken();
    let key = this.keys.get(kid);
    if (!key && Date.now() - this.lastRefresh >= REFRESH_INTERVAL_MS) {
      await this.refresh().catch(() => undefined);
      key = this.keys.get(kid);
    }
    if (!key) throw invalidToken();
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ['RS256'],
        issuer: this.expected.issuer,
        audience: this.expected.audience,
      }) as jwt.JwtPayload;
    } catch {
      throw invalidToken();
    }
    if (typeof claims.sub !== 'string' || !ROLES.has(claims.role)) throw invalidToken();
    return { id: claims.sub, role: claims.role, jti: claims.jti, iat: claims.iat };
  }

  /** Fetches the JWKS now (one fetch at a time); a failed fetch keeps the cached keys. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const jwks = await this.fetchJwks();
        const keys = new Map<string, KeyObject>();
        for (const jwk of jwks.keys) {
          if (jwk.kty === 'RSA' && typeof jwk.kid === 'string') keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
        }
        this.keys = keys;
        this.jwks = jwks;
      } finally {
        this.lastRefresh = Date.now();
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}

function invalidToken(): Unauthorized {
  return new Unauthorized('The access token is invalid or expired');
}
