export const REDACTED = '[redacted]';

/**
 * Field names whose values never reach a log: credentials, tokens, card data and
 * the parts of an address that identify a person. Matched case-insensitively.
 */
const SECRET_KEYS = new Set(
  [
    'password',
    'currentpassword',
    'passwordhash',
    'password_hash',
    'token',
    'accesstoken',
    'refreshtoken',
    'idtoken',
    'authorization',
    'cookie',
    'set-cookie',
    'secret',
    'privatekey',
    'private_key',
    'apikey',
    'api_key',
    'x-api-key',
    'card',
    'cardnumber',
    'card_number',
    'cvc',
    'cvv',
    'pan',
    'line1',
    'line2',
    'phone',
    'fullname',
    'full_name',
    'shippingaddress',
    'shipping_address',
  ].map((k) => k.toLowerCase()),
);

const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;

function redactString(value: string): string {
  return value.replace(BEARER, `$1${REDACTED}`).replace(JWT, REDACTED);
}

/** A deep copy of `value` with secrets replaced; safe on cycles and errors. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : redact(item, seen);
  }
  return out;
}
