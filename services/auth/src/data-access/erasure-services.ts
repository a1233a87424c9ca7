import { createServiceClient } from '@agora/http-client';

/** The processes that hold data about users, in the order their erasure is listed. */
export const ERASING_SERVICES = ['aggregator', 'inventory', 'orders', 'payments'] as const;
export type ErasingService = (typeof ERASING_SERVICES)[number];

/**
 * Erased before the others, which are called only once it confirmed: the aggregator
 * confirms when no checkout of the user is running and none can start, so nothing
 * re-creates an order, a charge or a cart line after a service erased them.
 */
export const ERASES_FIRST: ErasingService = 'aggregator';

/**
 * When each process's part of an erasure requested `at` is first due: the aggregator at
 * once, the services `servicesDelayMs` later. By then every aggregator replica refuses the
 * user's tokens (its revocation list is about a second behind auth), and a request that
 * got through just before the deletion has met its deadline, so none writes after them.
 */
export function erasureSchedule(at: Date, servicesDelayMs: number): Array<{ service: ErasingService; dueAt: Date }> {
  return ERASING_SERVICES.map((service) => ({ service, dueAt: service === ERASES_FIRST ? at : new Date(at.getTime() + servicesDelayMs) }));
}

export interface ErasureEndpoints {
  /** Resolves once the service confirmed (2xx) that it erased the user; rejects otherwise. */
  erase(service: string, userId: string): Promise<void>;
}

/** `POST /internal/erasures/{userId}` on each process; idempotent there, so resending is safe. */
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
