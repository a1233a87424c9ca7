import type { ErasureRepository } from '../data-access/erasure-repository.js';

/** A stored response with every card brand and last four digits in it cleared. */
export function withoutCardDetails(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(withoutCardDetails);
  if (body === null || typeof body !== 'object') return body;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body))
    copy[key] = key === 'brand' || key === 'last4' ? null : withoutCardDetails(value);
  return copy;
}

/**
 * The right to erasure, payments' part. Payments, refunds and the ledger are accounting
 * records and stay, keyed by the buyer's opaque id; the card brand and last four digits,
 * which describe the person's card, are cleared.
 */
export class UserErasure {
  constructor(private readonly erasures: ErasureRepository) {}

  async erase(userId: string, now = new Date()): Promise<{ userId: string; erasedAt: string }> {
    const erasedAt = await this.erasures.erase(userId, withoutCardDetails, now);
    return { userId, erasedAt: erasedAt.toISOString() };
  }
}
