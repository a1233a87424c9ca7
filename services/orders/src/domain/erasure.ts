import type { AddressFields } from '../data-access/address-repository.js';
import type { ErasureRepository } from '../data-access/erasure-repository.js';
import type { InTransaction } from '../data-access/transactions.js';

/**
 * What an erased buyer's orders keep of the shipping address: the country only, which
 * tax and accounting records need (where the sale was made); everything that names or
 * locates the person is replaced.
 */
export function erasedAddress(address: AddressFields): AddressFields {
  return {
    fullName: 'Erased user',
    line1: '—',
    line2: null,
    city: '—',
    postalCode: '—',
    country: address.country,
    phone: null,
  };
}

/**
 * The right to erasure, orders' part. Orders, their lines, amounts and shipments stay
 * (sellers' sales and the accounts depend on them); only the personal fields go. Orders
 * hold no buyer name or email: the aggregator joins names from auth, which no longer has one.
 */
export class UserErasure {
  constructor(
    private readonly inTransaction: InTransaction,
    private readonly erasures: ErasureRepository,
  ) {}

  async erase(userId: string): Promise<{ userId: string; erasedAt: string }> {
    const erasedAt = await this.inTransaction((t) => this.erasures.erase(userId, erasedAddress, new Date(), t));
    await this.erasures.truncateLog();
    return { userId, erasedAt: erasedAt.toISOString() };
  }
}
