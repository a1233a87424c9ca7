import { createHash } from 'node:crypto';

/**
 * The order id of a checkout is derived from the buyer, the Idempotency-Key and the
 * attempt, so every retry, replica and recovery run addresses the same order,
 * reservation and charge. A key gets a new attempt (and so a new order) only after its
 * previous attempt was backed out by an outage with nothing charged (PlaceOrder).
 */
export function orderIdFor(buyerId: string, idempotencyKey: string, attempt = 0): string {
  const seed = attempt === 0 ? `${buyerId}\n${idempotencyKey}` : `${buyerId}\n${idempotencyKey}\n${attempt}`;
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A stable fingerprint of a JSON body: keys sorted, so `{a, b}` and `{b, a}` are the same request. */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
