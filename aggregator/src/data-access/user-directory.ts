import { AppError } from '@agora/errors';
import type { ServiceClient } from '@agora/http-client';

/**
 * Display names of users, in one batched call to auth per page (never one per item).
 * If auth is down the page is still served: every name is then null.
 */
export async function fetchUserNames(auth: ServiceClient, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const names = new Map<string, string>();
  if (unique.length === 0) return names;
  try {
    for (let i = 0; i < unique.length; i += 100) {
      const page = await auth.call<{ items: Array<{ id: string; name: string }> }>({
        path: '/internal/users',
        searchParams: { ids: unique.slice(i, i + 100).join(',') },
      });
      for (const user of page.items) names.set(user.id, user.name);
    }
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'service_unavailable') throw err;
  }
  return names;
}
