import { preparedSql, withTransaction, type Database, type Tx, storedTimeText, type ReadQuery } from '@agora/db';
import { searchTextOf, type Product } from '../domain/product.js';
import { countChanges, type CategoryCounts, type Listing } from './category-counts.js';
import type { InventoryModels, Row } from './models.js';
import { PRODUCT_COLUMNS, productOf } from './product-rows.js';
import type { SearchIndex } from './search-index.js';

export function toRow(product: Product): Row {
  return {
    ...product,
    images: JSON.stringify(product.images),
    searchText: searchTextOf(product),
    createdAt: new Date(product.createdAt),
    updatedAt: new Date(product.updatedAt),
  };
}

/**
 * Reads and writes of single listings, by id or by seller. Reads are plain SQL over
 * PRODUCT_COLUMNS (no model hydration: it cost more than the query); every write keeps
 * the category counts and the search index in its own transaction.
 */
export class ProductRepository {
  private readonly lockForUpdate: string;
  private readonly select: ReadQuery;

  constructor(
    private readonly db: Database,
    private readonly models: InventoryModels,
    private readonly counts: CategoryCounts,
    private readonly search: SearchIndex,
  ) {
    this.lockForUpdate = db.getDialect() === 'mysql' ? ' FOR UPDATE' : '';
    this.select = preparedSql(db).all;
  }

  async insert(product: Product): Promise<void> {
    await withTransaction(this.db, async (transaction) => {
      await this.models.Product.create(toRow(product), { transaction });
      await this.search.write(product.id, searchTextOf(product), transaction);
      await this.counts.apply(countChanges(null, product), transaction);
    });
  }

  /**
   * Writes only the fields a seller changed (plus the derived ones), so an edit
   * never overwrites stock that a checkout took meanwhile. The listing as it was is
   * read under a lock in the same transaction, so the counts move by what changed.
   */
  async update(product: Product, changed: Array<keyof Product>): Promise<void> {
    const row = toRow(product);
    const columns = [...changed, 'searchText', 'updatedAt'];
    const fields = Object.fromEntries(columns.map((column) => [column, row[column]]));
    await withTransaction(this.db, async (transaction) => {
      const [before] = await this.select<Listing & Row>(
        `SELECT status, category FROM products WHERE id = ?${this.lockForUpdate}`,
        [product.id],
        transaction,
      );
      if (!before) return;
      await this.models.Product.update(fields, { where: { id: product.id }, transaction });
      if (changed.includes('title') || changed.includes('description'))
        await this.search.write(product.id, row.searchText, transaction);
      const after: Listing = {
        status: changed.includes('status') ? product.status : before.status,
        category: changed.includes('category') ? product.category : before.category,
      };
      await this.counts.apply(countChanges(before, after), transaction);
    });
  }

  async findById(id: string, transaction?: Tx): Promise<Product | null> {
    const [row] = await this.select(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`, [id], transaction);
    return row ? productOf(row) : null;
  }

  /** The listings with these ids (archived too), in no particular order. */
  async findByIds(ids: string[], transaction?: Tx): Promise<Product[]> {
    if (ids.length === 0) return [];
    const rows = await this.select(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id IN (?)`, [ids], transaction);
    return rows.map(productOf);
  }

  /** A seller's own listings, newest first, every status; keyset on (created_at, id). */
  async listBySeller(sellerId: string, limit: number, after?: { createdAt: string; id: string }): Promise<Product[]> {
    const at = after && storedTimeText(this.db.getDialect(), after.createdAt);
    const rows = after
      ? await this.select(
          `SELECT ${PRODUCT_COLUMNS} FROM products WHERE seller_id = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?`,
          [sellerId, at, at, after.id, limit],
        )
      : await this.select(
          `SELECT ${PRODUCT_COLUMNS} FROM products WHERE seller_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
          [sellerId, limit],
        );
    return rows.map(productOf);
  }
}
