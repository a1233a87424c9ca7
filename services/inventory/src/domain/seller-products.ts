import { NotFound } from '@agora/errors';
import { decodeCursor, encodeCursor } from '@agora/koa-kit';
import { changedProduct, newProduct, type Product, type ProductChanges, type ProductInput } from './product.js';
import type { ProductRepository } from '../data-access/product-repository.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A seller's own listings. Another seller's listing is "not found", never "forbidden". */
export class SellerProducts {
  constructor(
    private readonly products: ProductRepository,
    private readonly currencies: string[],
  ) {}

  async list(sellerId: string, limit: number, cursor?: string): Promise<Page<Product>> {
    const values = decodeCursor(cursor, 2) as [string, string] | undefined;
    const after = values && { createdAt: String(values[0]), id: String(values[1]) };
    const rows = await this.products.listBySeller(sellerId, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
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
    if (product.status !== 'archived') await this.products.update(changedProduct(product, { status: 'archived' }, this.currencies), ['status']);
  }

  private async owned(sellerId: string, productId: string): Promise<Product> {
    const product = await this.products.findById(productId);
    if (!product || product.sellerId !== sellerId) throw new NotFound('Product');
    return product;
  }
}
