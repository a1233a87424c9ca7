import { Conflict } from '@agora/errors';
import type { CartLine, CartRepository } from '../data-access/cart-repository.js';
import type { InTransaction, Tx } from '../data-access/transactions.js';
import { mergedLines } from './reservation-lines.js';

/**
 * What checkout takes out of a cart: only the quantities an order bought, exactly once
 * per order. Checkout repeats this step after a crash or a lost answer, possibly long
 * after the buyer changed the cart, so a repeat must not subtract again, and the lines
 * added meanwhile must stay.
 */
export class CartPurchases {
  constructor(
    private readonly inTransaction: InTransaction,
    private readonly carts: CartRepository,
    private readonly retentionMs: number,
  ) {}

  async removePurchased(buyerId: string, orderId: string, items: CartLine[]): Promise<void> {
    await this.inTransaction((t) => this.removePurchasedIn(buyerId, orderId, items, t));
  }

  /** The same in the caller's transaction: confirming a reservation takes its order out of the cart with it. */
  async removePurchasedIn(buyerId: string, orderId: string, items: CartLine[], t: Tx): Promise<void> {
    // An erased buyer has no cart left, and nothing about them is to be recorded again.
    if (await this.carts.wasErased(buyerId, t)) return;
    if (!(await this.carts.recordPurchase(orderId, buyerId, new Date(), t))) {
      if ((await this.carts.buyerOfPurchase(orderId, t)) !== buyerId)
        throw new Conflict(`Order ${orderId} was taken out of another buyer's cart`);
      return;
    }
    for (const line of mergedLines(items)) await this.carts.subtract(buyerId, line, t);
  }

  /** Forgets orders applied longer ago than the retention, by which time no checkout repeats its step; returns how many. */
  async purgeApplied(now = new Date()): Promise<number> {
    return this.carts.purgePurchases(new Date(now.getTime() - this.retentionMs));
  }
}
