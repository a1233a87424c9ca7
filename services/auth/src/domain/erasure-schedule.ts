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
  return ERASING_SERVICES.map((service) => ({
    service,
    dueAt: service === ERASES_FIRST ? at : new Date(at.getTime() + servicesDelayMs),
  }));
}
