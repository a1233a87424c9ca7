import { Op, type Transaction } from '@agora/db';
import { searchTextOf, type Product } from '../domain/product.js';
import type { InventoryModels, Row } from './models.js';

export function toProduct(row: Row): Product {
  return {
    id: row.id,
    sellerId: row.sellerId,
    title: row.title,
    description: row.description,
    price: Number(row.price),
    currency: row.currency,
    stock: Number(row.stock),
    category: row.category ?? null,
    images: JSON.parse(row.images),
    status: row.status,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export function toRow(product: Product): Row {
  return {
    ...product,
    images: JSON.stringify(product.images),
    searchText: searchTextOf(product),
    createdAt: new Date(product.createdAt),
    updatedAt: new Date(product.updatedAt),
  };
}

export type ProductRepository = ReturnType<typeof productRepository>;

/** Reads and writes of single listings, by id or by seller. */
export function productRepository({ Product }: InventoryModels) {
  return {
    async insert(product: Product): Promise<void> {
      await Product.create(toRow(product));
    },

    /**
     * Writes only the fields a seller changed (plus the derived ones), so an edit
     * never overwrites stock that a checkout took meanwhile.
     */
    async update(product: Product, changed: Array<keyof Product>): Promise<void> {
      const row = toRow(product);
      const columns = [...changed, 'searchText', 'updatedAt'];
      const fields = Object.fromEntries(columns.map((column) => [column, row[column]]));
      await Product.update(fields, { where: { id: product.id } });
    },

    async findById(id: string, transaction?: Transaction): Promise<Product | null> {
      const row = await Product.findByPk(id, { raw: true, transaction });
      return row ? toProduct(row) : null;
    },

    /** The listings with these ids (archived too), in no particular order. */
    async findByIds(ids: string[], transaction?: Transaction): Promise<Product[]> {
      if (ids.length === 0) return [];
      const rows = await Product.findAll({ where: { id: { [Op.in]: ids } }, raw: true, transaction });
      return rows.map(toProduct);
    },

    /** A seller's own listings, newest first, every status; keyset on (created_at, id). */
    async listBySeller(sellerId: string, limit: number, after?: { createdAt: string; id: string }): Promise<Product[]> {
      const at = after && new Date(after.createdAt);
      const where: Row = after
        ? { sellerId, [Op.or]: [{ createdAt: { [Op.lt]: at } }, { createdAt: at, id: { [Op.lt]: after.id } }] }
        : { sellerId };
      const rows = await Product.findAll({
        where,
        order: [['createdAt', 'DESC'], ['id', 'DESC']],
        limit,
        raw: true,
      });
      return rows.map(toProduct);
    },
  };
}
