import { ValidationFailed } from '@agora/errors';
import type { UserRepository } from '../data-access/user-repository.js';
import type { UserRecord } from './user.js';

export const MAX_LOOKUP_IDS = 100;

/** What the rest of the mesh asks about users: display names, and the accounts whose tokens to refuse. */
export class UserDirectory {
  constructor(
    private readonly users: UserRepository,
    private readonly accessTokenTtlSeconds: number,
  ) {}

  /** Active users among `ids` (a comma-separated list); unknown and deleted ones are left out. */
  async lookup(idList: string): Promise<UserRecord[]> {
    const ids = [...new Set(idList.split(',').filter(Boolean))];
    if (ids.length > MAX_LOOKUP_IDS)
      throw new ValidationFailed('Too many ids', [{ path: '/query/ids', message: `at most ${MAX_LOOKUP_IDS} ids` }]);
    return ids.length === 0 ? [] : this.users.findMany(ids);
  }

  /**
   * Users whose access tokens must be refused: deleted accounts. A revocation older
   * than the access-token lifetime concerns no live token, so it is never returned.
   */
  async revocations(sinceMs: number) {
    const now = Date.now();
    // A minute of slack for clock skew between auth and the aggregator.
    const since = Math.max(sinceMs, now - (this.accessTokenTtlSeconds + 60) * 1000);
    const revoked = await this.users.deletedSince(new Date(since));
    return { items: revoked.map((r) => ({ userId: r.userId, revokedAt: r.revokedAt.getTime() })), now };
  }
}
