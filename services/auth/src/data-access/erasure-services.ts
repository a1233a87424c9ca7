import { createServiceClient } from '@agora/http-client';

/** The services that hold data about users, in the order their erasure is listed. */
export const ERASING_SERVICES = ['inventory', 'orders', 'payments'] as const;
export type ErasingService = (typeof ERASING_SERVICES)[number];

export interface ErasureEndpoints {
  /** Resolves once the service confirmed (2xx) that it erased the user; rejects otherwise. */
  erase(service: string, userId: string): Promise<void>;
}

/** `POST /internal/erasures/{userId}` on each service; idempotent there, so resending is safe. */
export function erasureEndpoints(options: { urls: Record<ErasingService, string>; timeoutMs: number }): ErasureEndpoints {
  const clients = new Map(
    ERASING_SERVICES.map((service) => [service as string, createServiceClient({ service, baseUrl: options.urls[service], timeoutMs: options.timeoutMs, retries: 0 })]),
  );
  return {
    async erase(service, userId) {
      const client = clients.get(service);
      if (!client) throw new Error(`no erasure endpoint for ${service}`);
      await client.call({ method: 'POST', path: `/internal/erasures/${encodeURIComponent(userId)}` });
    },
  };
}
