import { AppError } from '@agora/errors';
import type { ServiceClient } from '@agora/http-client';

export interface UserDirectoryOptions {
  /** How long a display name is reused before auth is asked again. */
  ttlMs: number;
  maxEntries: number;
  /** Users deleted since: never shown by name, whatever the cache holds. */
  isRevoked: (userId: string) => boolean;
}

/**
 * Display names of users for joins (product sellers, sale buyers): one batched call to
 * auth per page, never one per item, and a short-lived cache so a catalog page usually
 * needs no call at all. If auth is down the page is still served: unknown names are null.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { name: string; expiresAt: number }>();

  constructor(
    private readonly auth: ServiceClient,
    private readonly options: UserDirectoryOptions,
  ) {}

  async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const now = Date.now();
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      if (this.options.isRevoked(id)) continue;
      const cached = this.cache.get(id);
      if (cached && cached.expiresAt > now) names.set(id, cached.name);
      else missing.push(id);
    }
    for (const [id, name] of await this.fetch(missing)) {
      names.set(id, name);
      if (this.options.ttlMs > 0) this.remember(id, name, now + this.options.ttlMs);
    }
    return names;
  }

  private remember(id: string, name: string, expiresAt: number) {
    this.cache.delete(id);
    this.cache.set(id, { name, expiresAt });
    // Maps iterate in insertion order: the first key is the least recently stored.
    if (this.cache.size > this.options.maxEntries) this.cache.delete(this.cache.keys().next().value!);
  }

  private async fetch(ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    try {
      for (let i = 0; i < ids.length; i += 100) {
        const page = await this.auth.call<{ items: Array<{ id: string; name: string }> }>({
          path: '/internal/users',
          searchParams: { ids: ids.slice(i, i + 100).join(',') },
        });
        for (const user of page.items) names.set(user.id, user.name);
      }
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'service_unavailable') throw err;
    }
    return names;
  }
}
