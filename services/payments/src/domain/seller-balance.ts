import type { LedgerRepository } from '../data-access/ledger-repository.js';
import { sellerBalances, type SellerBalance } from './ledger.js';

/** A seller's balance, read from the ledger. */
export class SellerBalances {
  constructor(private readonly ledger: Pick<LedgerRepository, 'sellerAccountSums'>) {}

  async of(sellerId: string): Promise<SellerBalance[]> {
    return sellerBalances(sellerId, await this.ledger.sellerAccountSums(sellerId));
  }
}
