export interface RevocationFeed {
  (since: number): Promise<{ items: Array<{ userId: string; revokedAt: number }>; now: number }>;
}

/** Refetch a few seconds back, so a deletion committed while the last poll ran is not missed. */
const OVERLAP_MS = 5_000;
/** No access token lives longer than a day (auth's ACCESS_TOKEN_TTL_SECONDS maximum). */
const RETAIN_MS = 86_400_000;

/**
 * Users whose access tokens must be refused although they verify: deleted accounts.
 * Kept in memory and refreshed in the background from auth's revocation feed, so a
 * request costs a set lookup, not a call. With auth down the last known set stays.
 */
export class RevokedUsers {
  private revoked = new Map<string, number>();
  private since = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly feed: RevocationFeed,
    private readonly intervalMs = 1_000,
  ) {}

  has(userId: string): boolean {
    return this.revoked.has(userId);
  }

  /** Refuses the user's tokens on this replica at once (it served the deletion); the feed tells the others. */
  revoke(userId: string, at = Date.now()): void {
    this.revoked.set(userId, at);
  }

  async refresh(): Promise<void> {
    const page = await this.feed(this.since);
    for (const item of page.items) this.revoked.set(item.userId, item.revokedAt);
    for (const [userId, revokedAt] of this.revoked) if (revokedAt < page.now - RETAIN_MS) this.revoked.delete(userId);
    this.since = Math.max(0, page.now - OVERLAP_MS);
  }

  /** Polls every intervalMs, one poll at a time; a failed poll keeps the set and tries again. */
  start(): void {
    const tick = () => {
      this.running = this.refresh()
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs).unref();
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
