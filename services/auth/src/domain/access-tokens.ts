import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '@agora/koa-kit';
import type { SigningKey } from './signing-key.js';

/** Signs short-lived RS256 access tokens that the aggregator verifies locally against the JWKS. */
export class AccessTokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly options: { issuer: string; audience: string; ttlSeconds: number },
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

  jwks() {
    return { keys: [this.key.jwk] };
  }
}
