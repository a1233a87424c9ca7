import bodyParser from 'koa-bodyparser';
import type { Middleware } from 'koa';
import { AppError } from '@agora/errors';

export const BODY_LIMIT_BYTES = 1_048_576;

/**
 * Requests that carry a body must send JSON (else 415); the body is parsed with a
 * 1 MiB limit (413) and malformed JSON is a 400 `validation_failed`.
 */
export function jsonBody(): Middleware {
  const parse = bodyParser({
    enableTypes: ['json'],
    jsonLimit: `${BODY_LIMIT_BYTES}b`,
    strict: true,
    // The parser stops reading at its first error (e.g. past the limit of a chunked body);
    // drain the rest, else the next request on this keep-alive connection is never read.
    onerror: (err, ctx) => {
      ctx.req.resume();
      throw err;
    },
  });
  return (ctx, next) => {
    const length = Number(ctx.get('content-length') || 0);
    const hasBody = length > 0 || ctx.get('transfer-encoding') !== '';
    // No body and no content type (every GET the mesh sends): the parser would find nothing to
    // read and set `{}`; set it here, without its type checks and promises.
    if (!hasBody && ctx.get('content-type') === '') {
      if (ctx.request.body === undefined && !ctx.disableBodyParser) ctx.request.body = {};
      return next();
    }
    if (hasBody && !ctx.is('application/json', 'application/*+json')) {
      throw new AppError('unsupported_media_type', 'Request bodies must be application/json');
    }
    if (length > BODY_LIMIT_BYTES) throw new AppError('payload_too_large', 'The request body is larger than 1 MiB');
    return parse(ctx, next);
  };
}
