import { AgoraError, connectionError, problemOf } from './errors.js';
import { OPERATIONS, type HttpMethod, type ResultOf, type SdkOperationId } from './operations.js';
import { isRetryable, pause, retryAfterSeconds, retryDelayMs, type RetryOptions } from './retry.js';
import type { Session } from './session.js';

/** What a fetch must do for the SDK: the global one, or any function of a Request. */
export type Fetch = (request: Request) => Promise<Response>;

/** Per-call options of every SDK method. */
export interface RequestOptions {
  /** Aborts the call, retries and waits included; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The deadline of each attempt, in ms (default: the client's `timeoutMs`). */
  timeoutMs?: number;
  /** Further attempts after the first (default: the client's `maxRetries`). */
  maxRetries?: number;
  /** Extra headers, e.g. `X-Request-Id` to trace the call through the logs. */
  headers?: Record<string, string>;
}

export interface Call {
  method: HttpMethod;
  /** A path template of public.yaml, e.g. `/api/v1/products/{id}`. */
  path: string;
  params?: Record<string, string>;
  query?: object;
  body?: unknown;
  idempotencyKey?: string;
  /** False for the calls that issue tokens: they send none and never trigger a refresh. */
  authenticated?: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  fetch: Fetch;
  session: Session;
  timeoutMs: number;
  retry: RetryOptions;
  headers: Record<string, string>;
}

interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

/** Sends calls: URL and headers, the session's token and its refresh, deadlines, aborts and retries. */
export class Transport {
  constructor(private readonly options: TransportOptions) {}

  /** Calls an operation of the table in operations.ts. */
  operation<K extends SdkOperationId>(
    id: K,
    call: Omit<Call, 'method' | 'path'> = {},
    options?: RequestOptions,
  ): Promise<ResultOf<K>> {
    const { method, path } = OPERATIONS[id];
    return this.send<ResultOf<K>>({ ...call, method, path }, options);
  }

  async send<T>(call: Call, options: RequestOptions = {}): Promise<T> {
    const retry = { ...this.options.retry, maxRetries: options.maxRetries ?? this.options.retry.maxRetries };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt<T>(call, options);
      } catch (error) {
        if (
          !(error instanceof AgoraError) ||
          attempt >= retry.maxRetries ||
          !isRetryable(error, call.method, call.idempotencyKey !== undefined)
        )
          throw error;
        const delay = retryDelayMs(error, attempt, retry);
        if (delay === null) throw error;
        await pause(delay, options.signal);
      }
    }
  }

  /** One attempt; a 401 to a stale token gets one more send once the session renewed it. */
  private async attempt<T>(call: Call, options: RequestOptions): Promise<T> {
    const session = this.options.session;
    const token = call.authenticated === false ? null : await session.accessToken();
    let answer = await this.exchange(call, token, options);
    if (answer.status === 401 && token && (await session.renewAfter(token)))
      answer = await this.exchange(call, await session.accessToken(), options);
    if (answer.status >= 400) {
      throw new AgoraError({
        status: answer.status,
        problem: problemOf(answer.status, answer.statusText, answer.text),
        requestId: answer.headers.get('x-request-id'),
        idempotencyKey: call.idempotencyKey,
        retryAfterSeconds: retryAfterSeconds(answer.headers.get('retry-after')),
      });
    }
    if (answer.text === '') return undefined as T;
    return (/json/.test(answer.headers.get('content-type') ?? '') ? JSON.parse(answer.text) : answer.text) as T;
  }

  /** Sends the request and reads the whole answer within the attempt's deadline. */
  private async exchange(call: Call, token: string | null, options: RequestOptions): Promise<Answer> {
    options.signal?.throwIfAborted();
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const forwardAbort = () => controller.abort(options.signal!.reason);
    options.signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      const response = await this.options.fetch(
        new Request(this.url(call), {
          method: call.method,
          headers: this.headers(call, token, options),
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          signal: controller.signal,
        }),
      );
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        text: await response.text(),
      };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (controller.signal.aborted)
        throw connectionError(
          'timeout',
          `No answer to ${call.method} ${call.path} within ${timeoutMs} ms`,
          error,
          call.idempotencyKey ?? null,
        );
      // fetch reports a failed connection as a TypeError; anything else is not ours to translate.
      if (error instanceof TypeError)
        throw connectionError(
          'network_error',
          `${call.method} ${call.path}: ${error.message}`,
          error,
          call.idempotencyKey ?? null,
        );
      throw error;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', forwardAbort);
    }
  }

  private url(call: Call): URL {
    const path = call.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = call.params?.[name];
      if (value === undefined || value === '')
        throw new TypeError(`${call.method} ${call.path}: the path parameter "${name}" is missing`);
      return encodeURIComponent(value);
    });
    // Joined as text, so a base URL with a path (`https://host/agora`) keeps it.
    const url = new URL(this.options.baseUrl.replace(/\/+$/, '') + path);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url;
  }

  private headers(call: Call, token: string | null, options: RequestOptions): Headers {
    const headers = new Headers({
      accept: 'application/json, application/problem+json',
      ...this.options.headers,
      ...options.headers,
    });
    if (call.body !== undefined) headers.set('content-type', 'application/json');
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (call.idempotencyKey !== undefined) headers.set('idempotency-key', call.idempotencyKey);
    return headers;
  }
}
