import { NotFound, ValidationFailed } from '@agora/errors';
import { pageOf, type Page } from '@agora/paging';
import type { CatalogSearch } from '../data-access/catalog-search.js';
import type { ProductRepository } from '../data-access/product-repository.js';
import { catalogQuery, catalogCursor, type CatalogParams } from './catalog-query.js';
import type { Product } from './product.js';

export const MAX_LOOKUP_IDS = 100;

/** What buyers browse: active listings, searched, filtered and sorted. */
export class Catalog {
  constructor(
    private readonly search: CatalogSearch,
    private readonly products: ProductRepository,
  ) {}

  async page(params: CatalogParams): Promise<Page<Product>> {
    const query = catalogQuery(params);
    const rows = await this.search.findPage(query);
    return pageOf(rows, query.limit, (last) => catalogCursor(query.sort, last));
  }

  /** Archived products stay readable: orders and carts link to them. */
  async product(id: string): Promise<Product> {
    const product = await this.products.findById(id);
    if (!product) throw new NotFound('Product');
    return product;
  }

  categories() {
    return this.search.categories();
  }

  /** Batch lookup for the checkout saga; unknown ids are left out. */
  async lookup(idList: string): Promise<Product[]> {
    const ids = [
      ...new Set(
        idList
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ];
    if (ids.length > MAX_LOOKUP_IDS) {
      throw new ValidationFailed('Too many ids', [{ path: '/query/ids', message: `at most ${MAX_LOOKUP_IDS} ids` }]);
    }
    return this.products.findByIds(ids);
  }
}
