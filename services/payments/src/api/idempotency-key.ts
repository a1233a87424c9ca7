import type { Context } from 'koa';
import { AppError, ValidationFailed } from '@agora/errors';
import type { StoredResponse } from '../domain/idempotent-request.js';

const VALID_KEY = /^[\x20-\x7E]{1,255}$/;

/** The request's `Idempotency-Key`: required, 1–255 printable ASCII characters. */
export function idempotencyKeyOf(ctx: Context): string {
  const key = ctx.get('idempotency-key');
  if (!key) throw new AppError('idempotency_key_missing', 'This request needs an Idempotency-Key header');
  if (!VALID_KEY.test(key))
    throw new ValidationFailed('The Idempotency-Key is not valid', [
      { path: '/headers/idempotency-key', message: 'must be 1–255 printable ASCII characters' },
    ]);
  return key;
}

export function respond(ctx: Context, response: StoredResponse): void {
  ctx.status = response.status;
  ctx.body = response.body;
}
