import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '@agora/identity';
import type { PublicJwk, SigningKey } from './signing-key.js';

/** Signs short-lived RS256 access tokens that the aggregator verifies locally against the JWKS. */
export class AccessTokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly options: { issuer: string; audience: string; ttlSeconds: number },
    /** Keys published beside the signing key during a rotation (JWT_VERIFICATION_KEYS). */
    private readonly verificationKeys: PublicJwk[] = [],
  ) {}

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  issue(user: { id: string; role: Role }): string {
    return jwt.sign({ role: user.role }, this.key.privateKey, {
      algorithm: 'RS256',
      keyid: this.key.kid,
      subject: user.id,
      issuer: this.options.issuer,
      audience: this.options.audience,
      expiresIn: this.options.ttlSeconds,
      jwtid: randomUUID(),
    });
  }

  /** The signing key first, then the rotation's other keys, each once. */
  jwks(): { keys: PublicJwk[] } {
    const others = this.verificationKeys.filter(
      (jwk, i, all) => jwk.kid !== this.key.kid && all.findIndex((k) => k.kid === jwk.kid) === i,
    );
    return { keys: [this.key.jwk, ...others] };
  }
}
