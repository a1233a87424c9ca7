import { AppError, type ErrorCode, type FieldError } from './app-error.js';

export class ValidationFailed extends AppError {
  constructor(message: string, errors?: FieldError[]) {
    super('validation_failed', message, { errors });
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'Authentication is required', code: 'unauthorized' | 'invalid_credentials' = 'unauthorized') {
    super(code, message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('forbidden', message);
  }
}

export class NotFound extends AppError {
  constructor(what = 'Resource') {
    super('not_found', `${what} not found`);
  }
}

/** 409 family: `conflict` by default, or a more specific code of API.md. */
export class Conflict extends AppError {
  constructor(
    message: string,
    code: Extract<
      ErrorCode,
      'conflict' | 'email_taken' | 'insufficient_stock' | 'mixed_currency' | 'idempotency_key_in_use'
    > = 'conflict',
  ) {
    super(code, message);
  }
}

export class InvalidState extends AppError {
  constructor(message: string) {
    super('invalid_state', message);
  }
}

export class TooManyRequests extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super('too_many_requests', message, {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}

export class ServiceUnavailable extends AppError {
  /** The service was never reached (the connection was refused): a call that was not retried did nothing there. */
  readonly neverReached: boolean;

  constructor(service: string, cause?: unknown, options: { neverReached?: boolean } = {}) {
    super('service_unavailable', `The ${service} service is unavailable; try again later`, { cause });
    this.neverReached = options.neverReached ?? false;
  }
}

/**
 * The caller's deadline (the `x-agora-deadline` it sent) passed before the work was done: it
 * has already answered its own client, so finishing would act for no one. Nothing was changed.
 */
export class DeadlinePassed extends AppError {
  constructor() {
    super('service_unavailable', "The caller's deadline passed; nothing was done");
  }
}
