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
/** Tokens remembered as verified; beyond this the oldest is forgotten (it is verified again when it comes back). */
const MAX_VERIFIED = 10_000;

type VerifiedCaller = Caller & { jti?: string; iat?: number };

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** The clock, in ms (tests move it). */
  now?: () => number;
}

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
  /**
   * Tokens whose signature and claims were checked, until they expire: a client sends the same
   * token with every request for its whole life, and an RS256 check is most of what an
   * authenticated request costs the aggregator besides its internal calls. Only an exact token
   * string hits (a changed byte is checked, and refused, as any other); the cache is emptied
   * whenever the JWKS changes, so a key auth withdraws stops vouching at once; revocations are
   * checked per request after this (authenticate.ts).
   */
  private readonly verified = new Map<string, { caller: VerifiedCaller; expiresAt: number }>();
  private readonly now: () => number;

  constructor(
    private readonly fetchJwks: () => Promise<Jwks>,
    private readonly expected: VerifierOptions,
  ) {
    this.now = expected.now ?? Date.now;
  }

  /** The cached JWKS, fetched first if none is cached yet. */
  async currentJwks(): Promise<Jwks> {
    if (this.keys.size === 0) await this.refresh();
    return this.jwks;
  }

  async verify(token: string): Promise<VerifiedCaller> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt > this.now()) return known.caller;
      this.verified.delete(token);
    }
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    if (!decoded || decoded.header.alg !== 'RS256' || typeof kid !== 'string') throw invalidToken();
    let key = this.keys.get(kid);
    if (!key && this.now() - this.lastRefresh >= REFRESH_INTERVAL_MS) {
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
        clockTimestamp: Math.floor(this.now() / 1000),
      }) as jwt.JwtPayload;
    } catch {
      throw invalidToken();
    }
    if (typeof claims.sub !== 'string' || !ROLES.has(claims.role)) throw invalidToken();
    const caller: VerifiedCaller = { id: claims.sub, role: claims.role, jti: claims.jti, iat: claims.iat };
    // Only a token that expires is remembered, and only until then.
    if (typeof claims.exp === 'number') this.remember(token, caller, claims.exp * 1000);
    return caller;
  }

  private remember(token: string, caller: VerifiedCaller, expiresAt: number) {
    this.verified.set(token, { caller, expiresAt });
    // Maps iterate in insertion order: the first key is the oldest.
    if (this.verified.size > MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
  }

  /** Fetches the JWKS now (one fetch at a time); a failed fetch keeps the cached keys. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const jwks = await this.fetchJwks();
        const keys = new Map<string, KeyObject>();
        for (const jwk of jwks.keys) {
          if (jwk.kty === 'RSA' && typeof jwk.kid === 'string')
            keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
        }
        const changed = JSON.stringify(jwks.keys) !== JSON.stringify(this.jwks.keys);
        this.keys = keys;
        this.jwks = jwks;
        if (changed) this.verified.clear();
      } finally {
        this.lastRefresh = this.now();
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}

function invalidToken(): Unauthorized {
  return new Unauthorized('The access token is invalid or expired');
}
