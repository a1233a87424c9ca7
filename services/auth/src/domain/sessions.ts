import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Unauthorized } from '@agora/errors';
import type { UserRepository } from '../data-access/user-repository.js';
import type { InTransaction, Tx } from '../data-access/transactions.js';
import type { UserRecord } from './user.js';
import type { RefreshTokenRepository } from '../data-access/refresh-token-repository.js';
import type { AccessTokenIssuer } from './access-tokens.js';

export interface Session {
  user: UserRecord;
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

function hashOf(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('hex');
}

function sessionExpired(): Unauthorized {
  return new Unauthorized('The refresh token is not valid; sign in again');
}

/**
 * Token pairs: a short-lived access token and an opaque refresh token (256 random
 * bits, stored hashed). Each refresh rotates the token within its family; a rotated
 * token used again means a copy leaked, so the whole family is revoked.
 */
export class Sessions {
  constructor(
    private readonly inTransaction: InTransaction,
    private readonly users: UserRepository,
    private readonly tokens: RefreshTokenRepository,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTtlSeconds: number,
  ) {}

  /** Opens a new family for a fresh login or signup. */
  start(user: UserRecord, transaction?: Tx): Promise<Session> {
    return this.issue(user, randomUUID(), new Date(), transaction);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const now = new Date();
    const outcome = await this.inTransaction(async (t) => {
      const token = await this.tokens.findByHash(hashOf(refreshToken), t);
      if (!token || token.revokedAt || token.expiresAt <= now) return null;
      if (token.rotatedAt || !(await this.tokens.markRotated(token.id, now, t))) {
        await this.tokens.revokeFamily(token.familyId, now, t);
        return null;
      }
      const user = await this.users.findById(token.userId, t);
      if (!user) return null;
      return this.issue(user, token.familyId, now, t);
    });
    // Thrown after the commit, so a reuse still revokes the family.
    if (!outcome) throw sessionExpired();
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    const token = await this.tokens.findByHash(hashOf(refreshToken));
    if (token) await this.tokens.revokeFamily(token.familyId, new Date());
  }

  async revokeAll(userId: string, transaction?: Tx): Promise<void> {
    await this.tokens.revokeAllOfUser(userId, new Date(), transaction);
  }

  private async issue(user: UserRecord, familyId: string, now: Date, transaction?: Tx): Promise<Session> {
    const refreshToken = randomBytes(32).toString('base64url');
    await this.tokens.insert(
      {
        id: randomUUID(),
        userId: user.id,
        familyId,
        tokenHash: hashOf(refreshToken),
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.refreshTtlSeconds * 1000),
      },
      transaction,
    );
    return {
      user,
      accessToken: this.accessTokens.issue(user),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }
}
