import type { QueryOf } from '../operations.js';
import type { PageRequest } from '../pagination.js';
import type { RequestOptions, Transport } from '../transport.js';
import type { NewProduct, Product, ProductChanges, Sale, SellerBalance, Shipment, ShipRequest } from '../types.js';
import { paged } from './paged.js';

/** The seller's own listings, every status. */
export class SellerProducts {
  constructor(private readonly transport: Transport) {}

  list(query: { limit?: number; cursor?: string } = {}, options?: RequestOptions): PageRequest<Product> {
    return paged(this.transport, 'listSellerProducts', query, options);
  }

  create(body: NewProduct, options?: RequestOptions): Promise<Product> {
    return this.transport.operation('createSellerProduct', { body }, options);
  }

  update(id: string, body: ProductChanges, options?: RequestOptions): Promise<Product> {
    return this.transport.operation('updateSellerProduct', { params: { id }, body }, options);
  }

  /** Archives a listing; past orders keep their lines. */
  archive(id: string, options?: RequestOptions): Promise<void> {
    return this.transport.operation('archiveSellerProduct', { params: { id } }, options);
  }
}

/** The seller's part of each order: one shipment, with the buyer and address to ship to. */
export class Sales {
  constructor(private readonly transport: Transport) {}

  list(query: QueryOf<'listSales'> = {}, options?: RequestOptions): PageRequest<Sale> {
    return paged(this.transport, 'listSales', query, options);
  }
}

export class Shipments {
  constructor(private readonly transport: Transport) {}

  ship(id: string, body: ShipRequest, options?: RequestOptions): Promise<Shipment> {
    return this.transport.operation('shipShipment', { params: { id }, body }, options);
  }

  /** Confirms delivery (the carrier's confirmation, simulated). */
  deliver(id: string, options?: RequestOptions): Promise<Shipment> {
    return this.transport.operation('deliverShipment', { params: { id } }, options);
  }
}

export class Balance {
  constructor(private readonly transport: Transport) {}

  get(options?: RequestOptions): Promise<SellerBalance> {
    return this.transport.operation('getSellerBalance', {}, options);
  }
}

/** What a seller does: list products, see sales, ship them, read the balance. */
export class Seller {
  readonly products: SellerProducts;
  readonly sales: Sales;
  readonly shipments: Shipments;
  readonly balance: Balance;

  constructor(transport: Transport) {
    this.products = new SellerProducts(transport);
    this.sales = new Sales(transport);
    this.shipments = new Shipments(transport);
    this.balance = new Balance(transport);
  }
}
