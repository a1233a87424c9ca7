import { expect } from 'chai';
import {
  AppError,
  Conflict,
  Forbidden,
  InvalidState,
  NotFound,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  ValidationFailed,
  isErrorCode,
  statusOf,
  type ErrorCode,
} from '@agora/errors';

/** API.md, "Conventions": every problem `code` and the one status it answers with. */
const API_MD_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  invalid_credentials: 401,
  insufficient_stock: 409,
  empty_cart: 400,
  mixed_currency: 409,
  payment_declined: 402,
  payment_failed: 502,
  idempotency_key_missing: 400,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
  invalid_state: 409,
  too_many_requests: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  service_unavailable: 503,
  internal: 500,
};

describe('errors: codes and statuses', () => {
  for (const [code, status] of Object.entries(API_MD_STATUS) as [ErrorCode, number][]) {
    it(`maps ${code} to ${status}`, () => {
      expect(isErrorCode(code)).to.equal(true);
      expect(statusOf(code)).to.equal(status);
      const error = new AppError(code, 'x');
      expect(error.status).to.equal(status);
      expect(error.code).to.equal(code);
    });
  }

  it('knows no code that API.md does not list', () => {
    for (const candidate of ['bad_request', 'server_error', 'gone', '', 'toString', 'constructor']) {
      expect(isErrorCode(candidate), candidate).to.equal(false);
    }
    expect(isErrorCode(404)).to.equal(false);
  });

  it('lets a status override the mapped one while keeping the code', () => {
    const error = new AppError('invalid_credentials', 'wrong current password', { status: 403 });
    expect(error).to.include({ code: 'invalid_credentials', status: 403 });
  });

  it('keeps field errors, headers and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new AppError('validation_failed', 'bad', {
      errors: [{ path: '/body/x', message: 'is required' }],
      headers: { 'X-A': '1' },
      cause,
    });
    expect(error.errors).to.deep.equal([{ path: '/body/x', message: 'is required' }]);
    expect(error.headers).to.deep.equal({ 'X-A': '1' });
    expect(error.cause).to.equal(cause);
    expect(error).to.be.instanceOf(Error);
  });
});

describe('errors: typed errors', () => {
  const cases: Array<[string, AppError, ErrorCode, number]> = [
    ['ValidationFailed', new ValidationFailed('bad', [{ path: '/body/a', message: 'm' }]), 'validation_failed', 400],
    ['Unauthorized', new Unauthorized(), 'unauthorized', 401],
    [
      'Unauthorized (invalid_credentials)',
      new Unauthorized('Wrong email or password', 'invalid_credentials'),
      'invalid_credentials',
      401,
    ],
    ['Forbidden', new Forbidden(), 'forbidden', 403],
    ['NotFound', new NotFound('Product'), 'not_found', 404],
    ['Conflict', new Conflict('taken'), 'conflict', 409],
    ['Conflict (email_taken)', new Conflict('taken', 'email_taken'), 'email_taken', 409],
    ['Conflict (insufficient_stock)', new Conflict('short', 'insufficient_stock'), 'insufficient_stock', 409],
    ['InvalidState', new InvalidState('already shipped'), 'invalid_state', 409],
    ['TooManyRequests', new TooManyRequests('slow down', 2.2), 'too_many_requests', 429],
    ['ServiceUnavailable', new ServiceUnavailable('inventory'), 'service_unavailable', 503],
  ];
  for (const [name, error, code, status] of cases) {
    it(`${name} is ${status} ${code}`, () => {
      expect(error).to.be.instanceOf(AppError);
      expect(error).to.include({ code, status });
    });
  }

  it('names the missing thing in NotFound', () => {
    expect(new NotFound('Order').message).to.equal('Order not found');
  });

  it('sends Retry-After as whole seconds, at least 1', () => {
    expect(new TooManyRequests('x', 2.2).headers).to.deep.equal({ 'Retry-After': '3' });
    expect(new TooManyRequests('x', 0).headers).to.deep.equal({ 'Retry-After': '1' });
  });

  it('names the unavailable service without leaking the cause into the message', () => {
    const error = new ServiceUnavailable('payments', new Error('connect ECONNREFUSED 10.0.0.7:8084'));
    expect(error.message).to.include('payments');
    expect(error.message).not.to.include('10.0.0.7');
  });
});
