import { AppError, Conflict, NotFound } from '@agora/errors';
import { assertBeforeDeadline } from '@agora/request-context';
import type { CartLine, CartRepository } from '../data-access/cart-repository.js';
import type { ProductRepository } from '../data-access/product-repository.js';
import type { InTransaction } from '../data-access/transactions.js';
import type { Product } from './product.js';

export interface CartView {
  items: Array<CartLine & { product: Product }>;
  subtotal: number;
  currency: string | null;
}

/**
 * A user's cart. It reserves nothing: quantities are checked against the stock of
 * the moment, and prices are always the current ones. One currency per cart.
 */
export class Carts {
  constructor(
    private readonly inTransaction: InTransaction,
    private readonly carts: CartRepository,
    private readonly products: ProductRepository,
  ) {}

  async view(userId: string): Promise<CartView> {
    const lines = await this.carts.lines(userId);
    const byId = new Map((await this.products.findByIds(lines.map((l) => l.productId))).map((p) => [p.id, p]));
    const items = lines
      .filter((line) => byId.has(line.productId))
      .map((line) => ({ ...line, product: byId.get(line.productId)! }));
    return {
      items,
      subtotal: items.reduce((sum, item) => sum + item.product.price * item.quantity, 0),
      currency: items[0]?.product.currency ?? null,
    };
  }

  /** Sets a line's quantity; 0 removes it. */
  async setQuantity(userId: string, productId: string, quantity: number): Promise<CartView> {
    if (quantity === 0) return this.removeItem(userId, productId);
    await this.inTransaction(async (t) => {
      const product = await this.products.findById(productId, t);
      if (!product || product.status !== 'active') throw new NotFound('Product');
      if (quantity > product.stock) {
        throw new AppError('insufficient_stock', `Only ${product.stock} of this product are in stock`, {
          errors: [{ path: '/body/quantity', message: `product ${productId} has ${product.stock} in stock` }],
        });
      }
      const others = (await this.carts.lines(userId, t)).filter((line) => line.productId !== productId);
      const otherProducts = await this.products.findByIds(
        others.map((line) => line.productId),
        t,
      );
      if (otherProducts.some((other) => other.currency !== product.currency)) {
        throw new Conflict(
          `The cart holds products priced in another currency than ${product.currency}`,
          'mixed_currency',
        );
      }
      assertBeforeDeadline(); // the buyer was already told the change failed
      await this.carts.setQuantity(userId, productId, quantity, t);
    });
    return this.view(userId);
  }

  async removeItem(userId: string, productId: string): Promise<CartView> {
    await this.carts.remove(userId, productId);
    return this.view(userId);
  }

  async clear(userId: string): Promise<void> {
    await this.carts.clear(userId);
  }
}
