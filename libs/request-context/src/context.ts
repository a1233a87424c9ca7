import { AsyncLocalStorage } from 'node:async_hooks';

/** Headers that identify a request across services (request id, W3C trace context, B3). */
export const PROPAGATED_HEADERS = [
  'x-request-id',
  'traceparent',
  'tracestate',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
] as const;

export interface RequestContext {
  requestId: string;
  /** Trace id from traceparent or B3, if the caller sent one. */
  traceId?: string;
  /** Headers to pass on to every internal call made while serving this request. */
  propagate: Record<string, string>;
  /** The signed-in user, once known. */
  userId?: string;
  /** Epoch ms by which every internal call made for this request must finish. */
  deadline?: number;
  /**
   * Set when the deadline is a caller's (it came in `x-agora-deadline`): how long past it this
   * process still works for the caller, allowing for the clock difference between hosts.
   */
  deadlineSkewMs?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
