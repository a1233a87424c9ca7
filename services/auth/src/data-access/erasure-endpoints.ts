import { createServiceClient } from '@agora/http-client';

export interface ErasureEndpoints {
  /** Resolves once the service confirmed (2xx) that it erased the user; rejects otherwise. */
  erase(service: string, userId: string): Promise<void>;
}

/** `POST /internal/erasures/{userId}` on each process (by name: its URL); idempotent there, so resending is safe. */
export function erasureEndpoints(options: { urls: Record<string, string>; timeoutMs: number }): ErasureEndpoints {
  const clients = new Map(
    Object.entries(options.urls).map(([service, baseUrl]) => [
      service,
      createServiceClient({ service, baseUrl, timeoutMs: options.timeoutMs, retries: 0 }),
    ]),
  );
  return {
    async erase(service, userId) {
      const client = clients.get(service);
      if (!client) throw new Error(`no erasure endpoint for ${service}`);
      await client.call({ method: 'POST', path: `/internal/erasures/${encodeURIComponent(userId)}` });
    },
  };
}
