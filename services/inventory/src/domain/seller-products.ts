import { NotFound } from '@agora/errors';
import { createdAtCursor, createdAtPosition, pageOf, type Page } from '@agora/paging';
import { changedProduct, newProduct, type Product, type ProductChanges, type ProductInput } from './product.js';
import type { ProductRepository } from '../data-access/product-repository.js';

/** A seller's own listings. Another seller's listing is "not found", never "forbidden". */
export class SellerProducts {
  constructor(
    private readonly products: ProductRepository,
    private readonly currencies: string[],
  ) {}

  async list(sellerId: string, limit: number, cursor?: string): Promise<Page<Product>> {
    const rows = await this.products.listBySeller(sellerId, limit + 1, createdAtPosition(cursor));
    return pageOf(rows, limit, createdAtCursor);
  }

  async create(sellerId: string, input: ProductInput): Promise<Product> {
    const product = newProduct(sellerId, input, this.currencies);
    await this.products.insert(product);
    return product;
  }

  async update(sellerId: string, productId: string, changes: ProductChanges): Promise<Product> {
    const product = changedProduct(await this.owned(sellerId, productId), changes, this.currencies);
    await this.products.update(product, Object.keys(changes) as Array<keyof Product>);
    return product;
  }

  /** Archiving keeps the row, so past orders keep their lines; archiving twice is harmless. */
  async archive(sellerId: string, productId: string): Promise<void> {
    const product = await this.owned(sellerId, productId);
    if (product.status !== 'archived')
      await this.products.update(changedProduct(product, { status: 'archived' }, this.currencies), ['status']);
  }

  private async owned(sellerId: string, productId: string): Promise<Product> {
    const product = await this.products.findById(productId);
    if (!product || product.sellerId !== sellerId) throw new NotFound('Product');
    return product;
  }
}
