import type { QueryOf } from '../operations.js';
import type { PageRequest } from '../pagination.js';
import type { RequestOptions, Transport } from '../transport.js';
import type { Category, Product } from '../types.js';
import { paged } from './paged.js';

export type ProductQuery = QueryOf<'listProducts'>;

/** The public catalog: active products, searchable, no token needed. */
export class Products {
  constructor(private readonly transport: Transport) {}

  /** Active products matching `query`; await it for one page, `for await` it for all. */
  list(query: ProductQuery = {}, options?: RequestOptions): PageRequest<Product> {
    return paged(this.transport, 'listProducts', query, options);
  }

  /** One product, archived ones too. */
  get(id: string, options?: RequestOptions): Promise<Product> {
    return this.transport.operation('getProduct', { params: { id } }, options);
  }
}

export class Categories {
  constructor(private readonly transport: Transport) {}

  /** Categories of active products, by name, with their counts. */
  async list(options?: RequestOptions): Promise<Category[]> {
    return (await this.transport.operation('listCategories', {}, options)).items;
  }
}
