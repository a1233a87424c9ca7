import type { components } from './generated/schema.js';

/** Codes the SDK gives a failure that never got an answer from the API. */
export type ConnectionCode = 'network_error' | 'timeout';

/** Every `code` an AgoraError may carry: the API's problem codes, and the SDK's own for no answer. */
export type ErrorCode = components['schemas']['Problem']['code'] | ConnectionCode;

/** An RFC 9457 problem, as the API answers errors. */
export type Problem = Omit<components['schemas']['Problem'], 'code'> & { code: ErrorCode };

export interface AgoraErrorInit {
  status: number;
  problem: Problem;
  requestId?: string | null;
  idempotencyKey?: string | null;
  retryAfterSeconds?: number | null;
  cause?: unknown;
}

/**
 * Every failure of an Agora call: an error answer (`status` ≥ 400, `problem` its RFC 9457 body)
 * or no answer at all (`status` 0, `code` `network_error` or `timeout`). Answers that are not
 * problem+json (a plain-text 503 from a proxy, an HTML 502) get a problem made from their status,
 * so `code` can always be branched on.
 */
export class AgoraError extends Error {
  override readonly name = 'AgoraError';
  /** The HTTP status, or 0 when no answer arrived. */
  readonly status: number;
  /** The stable code of the problem (`insufficient_stock`, `service_unavailable`, …). */
  readonly code: ErrorCode;
  /** The fields a `validation_failed` names. */
  readonly errors: NonNullable<Problem['errors']>;
  /** The `X-Request-Id` of the answer: quote it when reporting a problem. */
  readonly requestId: string | null;
  /** The Idempotency-Key the request was sent with: retry with it to get the first outcome. */
  readonly idempotencyKey: string | null;
  /** The answer's `Retry-After`, in seconds, when it had one. */
  readonly retryAfterSeconds: number | null;
  /** The problem+json body (or the one made from a status). */
  readonly problem: Problem;

  constructor(init: AgoraErrorInit) {
    super(init.problem.detail || init.problem.title || `HTTP ${init.status}`, { cause: init.cause });
    this.status = init.status;
    this.problem = init.problem;
    this.code = init.problem.code;
    this.errors = init.problem.errors ?? [];
    this.requestId = init.requestId ?? null;
    this.idempotencyKey = init.idempotencyKey ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

/** The code a status stands for when the body does not say (see the problem table of the guide). */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  502: 'service_unavailable',
  503: 'service_unavailable',
  504: 'service_unavailable',
};

const MAX_DETAIL = 500;

/** The problem an error answer carries, or one made from its status and text. */
export function problemOf(status: number, statusText: string, text: string): Problem {
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && typeof body.code === 'string') return { status, ...body };
  } catch {
    // not JSON: fall through to a problem made from the status
  }
  const detail = text.trim().slice(0, MAX_DETAIL) || statusText || `HTTP ${status}`;
  return {
    type: 'about:blank',
    title: statusText || `HTTP ${status}`,
    status,
    detail,
    code: CODE_OF_STATUS[status] ?? 'internal',
  };
}

/** A failure before any answer: the connection failed, or the deadline passed. */
export function connectionError(
  code: ConnectionCode,
  detail: string,
  cause: unknown,
  idempotencyKey: string | null,
): AgoraError {
  const title = code === 'timeout' ? 'Timed out' : 'Network error';
  return new AgoraError({
    status: 0,
    problem: { type: 'about:blank', title, status: 0, detail, code },
    idempotencyKey,
    cause,
  });
}
