import type { UserRepository } from '../data-access/user-repository.js';

/**
 * Users whose access tokens must be refused: deleted accounts. A revocation older
 * than the access-token lifetime concerns no live token, so it is never returned.
 */
export async function listRevocations(users: UserRepository, sinceMs: number, accessTokenTtlSeconds: number) {
  const now = Date.now();
  // A minute of slack for clock skew between auth and the aggregator.
  const since = Math.max(sinceMs, now - (accessTokenTtlSeconds + 60) * 1000);
  const revoked = await users.deletedSince(new Date(since));
  return { items: revoked.map((r) => ({ userId: r.userId, revokedAt: r.revokedAt.getTime() })), now };
}
