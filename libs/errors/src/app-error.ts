/** The `code`s of API.md, each with the one HTTP status it maps to. */
const statusByCode = {
  validation_failed: 400,
  empty_cart: 400,
  mixed_currency: 409,
  idempotency_key_missing: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  payment_declined: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  insufficient_stock: 409,
  invalid_state: 409,
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  too_many_requests: 429,
  internal: 500,
  payment_failed: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;
export interface FieldError {
  path: string;
  message: string;
}

export function statusOf(code: ErrorCode): number {
  return statusByCode[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  // Own keys only: `in` would also accept inherited names such as "toString".
  return typeof value === 'string' && Object.hasOwn(statusByCode, value);
}

/**
 * An error the domain throws on purpose. HTTP-agnostic: the error middleware
 * turns it into problem+json using `statusOf(code)` unless `status` overrides it
 * (e.g. 403 `invalid_credentials` for a wrong current password).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  /** Extra response headers, e.g. Retry-After. */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? statusOf(code);
    this.errors = options.errors;
    this.headers = options.headers;
  }
}
