import http from 'node:http';
import got, { type Got, type Method, type Options } from 'got';
import { AppError, ServiceUnavailable, isErrorCode, type FieldError } from '@agora/errors';
import { DEADLINE_HEADER, currentContext } from '@agora/request-context';

export interface ServiceClientOptions {
  /** Names the service in errors and logs. */
  service: string;
  baseUrl: string;
  /** Deadline of one attempt; the whole call also stops at the request's own deadline, which is sent along (x-agora-deadline). */
  timeoutMs: number;
  /** Extra attempts for idempotent methods (GET, PUT, DELETE) on network errors and 502/503/504; default DEFAULT_RETRIES. */
  retries?: number;
  /** Headers sent on every call (e.g. the caller's identity). */
  headers?: Record<string, string>;
  /** How long after a refused connection the service counts as down (`isDown`); default 1 s. */
  downForMs?: number;
}

export interface CallOptions {
  method?: Method;
  path: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  headers?: Record<string, string | undefined>;
  /** Per-call deadline override. */
  timeoutMs?: number;
}

export interface ServiceResponse<T> {
  status: number;
  body: T;
  headers: http.IncomingHttpHeaders;
}

export interface ServiceClient {
  readonly service: string;
  /**
   * Calls the service and returns the 2xx body. A problem+json 4xx becomes the same
   * AppError (code, detail, field errors); a 5xx, timeout or refused connection
   * becomes 503 `service_unavailable`.
   */
  call<T>(options: CallOptions): Promise<T>;
  /** Like call, but hands back any status below 500 for the caller to interpret. */
  send<T>(options: CallOptions): Promise<ServiceResponse<T>>;
  /**
   * Whether the service refused a connection within the last `downForMs` (nothing listened):
   * work that needs it can be refused before it starts anything it would have to undo.
   * Any answer from the service clears it.
   */
  isDown(): boolean;
}

const IDEMPOTENT: Method[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];

/**
 * The one retry layer of the system: the mesh and the gateway never retry (mesh/routes.yaml),
 * so one idempotent call is attempted at most twice, and both attempts stop at the request's
 * deadline (docs/deploy.md, "Retries and timeouts").
 */
export const DEFAULT_RETRIES = 1;

export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 60_000 });
  const client: Got = got.extend({
    prefixUrl: options.baseUrl,
    agent: { http: agent },
    throwHttpErrors: false,
    responseType: 'json',
    retry: {
      limit: options.retries ?? DEFAULT_RETRIES,
      methods: IDEMPOTENT,
      statusCodes: [502, 503, 504],
      errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'],
      backoffLimit: 200,
      // No retry that could not start before the request's deadline.
      calculateDelay: ({ computedValue, error }) => {
        const delay = computedValue === 0 ? 0 : Math.min(computedValue, 50);
        return delay < timeLeft(error.options) ? delay : 0;
      },
    },
    // The retry's attempt stops at the deadline too.
    hooks: {
      beforeRetry: [
        ({ options: attempt }) => {
          const left = timeLeft(attempt);
          if (left < (attempt.timeout.request ?? Infinity)) attempt.timeout = { request: Math.max(1, left) };
        },
      ],
    },
    headers: { 'user-agent': 'agora-internal', ...options.headers },
  });

  let downUntil = 0;
  const downForMs = options.downForMs ?? 1_000;

  async function send<T>(call: CallOptions): Promise<ServiceResponse<T>> {
    const context = currentContext();
    const deadline = context?.deadline;
    const remaining = deadline === undefined ? Infinity : deadline - Date.now();
    // Nothing is sent once the deadline passed: the callee would refuse it anyway.
    if (remaining <= 0) throw new ServiceUnavailable(options.service, new Error('the request deadline passed'));
    // `timeout` bounds each attempt and the deadline the retries (retry and hooks above); an
    // AbortSignal for the deadline cost ~15% of a call's CPU (docs/performance.md).
    const timeout = Math.max(1, Math.min(call.timeoutMs ?? options.timeoutMs, remaining));
    const headers: Record<string, string> = { ...context?.propagate };
    // The callee learns the deadline too, so it refuses work its caller no longer waits for.
    if (deadline !== undefined) headers[DEADLINE_HEADER] = String(Math.floor(deadline));
    for (const [k, v] of Object.entries(call.headers ?? {})) if (v !== undefined) headers[k] = v;
    const searchParams = call.searchParams
      ? Object.fromEntries(
          Object.entries(call.searchParams).filter(([, v]) => v !== undefined) as [string, string | number | boolean][],
        )
      : undefined;
    let response;
    try {
      response = await client(call.path.replace(/^\//, ''), {
        method: call.method ?? 'GET',
        json: call.json,
        searchParams,
        headers,
        timeout: { request: timeout },
        context: deadline === undefined ? undefined : { deadline },
      });
    } catch (err) {
      const neverReached = (err as { code?: string }).code === 'ECONNREFUSED';
      if (neverReached) downUntil = Date.now() + downForMs;
      throw new ServiceUnavailable(options.service, err, { neverReached });
    }
    downUntil = 0;
    if (response.statusCode >= 500) {
      // A deliberate 5xx of the contract (502 `payment_failed`) passes through; any other is an outage.
      const code = (response.body as { code?: unknown } | undefined)?.code;
      if (isErrorCode(code) && code !== 'internal' && code !== 'service_unavailable')
        throw toAppError(response.statusCode, response.body);
      throw new ServiceUnavailable(options.service, new Error(`${options.service} answered ${response.statusCode}`));
    }
    return { status: response.statusCode, body: response.body as T, headers: response.headers };
  }

  return {
    service: options.service,
    send,
    isDown: () => Date.now() < downUntil,
    async call<T>(call: CallOptions): Promise<T> {
      const response = await send<T>(call);
      if (response.status < 400) return response.body;
      throw toAppError(response.status, response.body);
    },
  };
}

/** Milliseconds left before the call's deadline (got's `context.deadline`, set when the request has one). */
function timeLeft(attempt: Options): number {
  const deadline = attempt.context.deadline;
  return typeof deadline === 'number' ? deadline - Date.now() : Infinity;
}

function toAppError(status: number, body: unknown): AppError {
  const problem = body as { code?: unknown; detail?: unknown; errors?: FieldError[] } | undefined;
  if (problem && isErrorCode(problem.code)) {
    return new AppError(problem.code, typeof problem.detail === 'string' ? problem.detail : 'Request failed', {
      status,
      errors: problem.errors,
    });
  }
  return new AppError('internal', `Unexpected status ${status} from a dependency`);
}
