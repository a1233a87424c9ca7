import type { AgoraError } from './errors.js';

export interface RetryOptions {
  /** Further attempts after the first (default 3). 0 turns retries off. */
  maxRetries: number;
  /** The longest wait between attempts the SDK accepts, in ms (default 20 s): a longer `Retry-After` is the caller's to honour. */
  maxRetryDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 3, maxRetryDelayMs: 20_000 };

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/**
 * Whether a failed attempt may be sent again as it was. A request is safe to repeat when its
 * method is idempotent or it carries an Idempotency-Key (the server answers a repeat with the
 * first outcome). Then: no answer at all, a 503, or a checkout still running under the same key
 * (409 `idempotency_key_in_use`). A 429 was refused before anything was done, so any request may wait it out.
 */
export function isRetryable(error: AgoraError, method: string, keyed: boolean): boolean {
  const safe = keyed || IDEMPOTENT_METHODS.has(method);
  if (error.status === 429) return true;
  if (!safe) return false;
  return error.status === 0 || error.status === 503 || (keyed && error.code === 'idempotency_key_in_use');
}

/** `Retry-After` in seconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * How long to wait before retry number `retry` (0-based): the server's `Retry-After` when it
 * gave one, else exponential backoff with jitter (between half and all of 250 ms, 500 ms, 1 s, … capped at 8 s).
 * Null when the server asks for longer than `maxRetryDelayMs`.
 */
export function retryDelayMs(
  error: AgoraError,
  retry: number,
  options: RetryOptions,
  random = Math.random,
): number | null {
  if (error.retryAfterSeconds !== null) {
    const wanted = error.retryAfterSeconds * 1000;
    return wanted > options.maxRetryDelayMs ? null : wanted;
  }
  const ceiling = Math.min(8_000, 250 * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
