import type { PageRequest } from '../pagination.js';
import type { RequestOptions, Transport } from '../transport.js';
import type { Order } from '../types.js';
import { paged } from './paged.js';

/** The buyer's orders. */
export class Orders {
  constructor(private readonly transport: Transport) {}

  /** The caller's orders, newest first. */
  list(query: { limit?: number; cursor?: string } = {}, options?: RequestOptions): PageRequest<Order> {
    return paged(this.transport, 'listOrders', query, options);
  }

  get(id: string, options?: RequestOptions): Promise<Order> {
    return this.transport.operation('getOrder', { params: { id } }, options);
  }

  /** Cancels a paid order that has not shipped: refunded in full, restocked. Not retried (not idempotent). */
  cancel(id: string, options?: RequestOptions): Promise<Order> {
    return this.transport.operation('cancelOrder', { params: { id } }, options);
  }
}
