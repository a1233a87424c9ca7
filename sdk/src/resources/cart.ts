import type { RequestOptions, Transport } from '../transport.js';
import type { Cart as CartBody } from '../types.js';

/** The caller's cart (it reserves nothing; checkout takes the stock). */
export class Cart {
  constructor(private readonly transport: Transport) {}

  get(options?: RequestOptions): Promise<CartBody> {
    return this.transport.operation('getCart', {}, options);
  }

  /** Sets how many of a product the cart holds; 0 removes it. */
  setItem(productId: string, quantity: number, options?: RequestOptions): Promise<CartBody> {
    return this.transport.operation('setCartItem', { params: { productId }, body: { quantity } }, options);
  }

  removeItem(productId: string, options?: RequestOptions): Promise<CartBody> {
    return this.transport.operation('removeCartItem', { params: { productId } }, options);
  }

  clear(options?: RequestOptions): Promise<void> {
    return this.transport.operation('clearCart', {}, options);
  }
}
