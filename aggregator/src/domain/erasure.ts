import { Conflict } from '@agora/errors';
import type { ErasureRepository } from '../data-access/erasure-repository.js';

/**
 * The right to erasure, the aggregator's part: the checkouts it keeps for recovery and
 * idempotent replays hold the buyer's shipping address. Auth's erasure job calls this
 * first, and the other services only once it answered 2xx: from then on no checkout of
 * the user runs or can start, so nothing re-creates what the services erase.
 */
export class UserErasure {
  constructor(private readonly erasures: ErasureRepository) {}

  async erase(userId: string): Promise<{ userId: string; erasedAt: string }> {
    const erasedAt = await this.erasures.record(userId, new Date());
    // A running saga still needs its plan (the address goes to orders when it creates the
    // order). It ends within its lease, or the recovery job ends it; auth's job retries.
    if (await this.erasures.hasUnfinishedSagas(userId)) {
      throw new Conflict('A checkout or cancel of this user is still running; erase again once it has ended');
    }
    await this.erasures.deleteFinishedCheckouts(userId);
    return { userId, erasedAt: erasedAt.toISOString() };
  }
}
