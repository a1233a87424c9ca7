import { Op, Sequelize, type Database } from '@agora/db';
import type { CatalogQuery } from '../domain/catalog-query.js';
import type { Product } from '../domain/product.js';
import type { InventoryModels, Row } from './models.js';
import { toProduct } from './product-repository.js';

/** `!` escapes LIKE wildcards the same way on SQLite and MariaDB. */
function likePattern(word: string): string {
  return `%${word.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * The keyset condition "after the last product of the previous page" in the sort's
 * direction, written as `key > k OR (key = k AND id > i)` so the database scans
 * the sort's index from that point on.
 */
function afterCondition(query: CatalogQuery): Row | undefined {
  if (!query.after) return undefined;
  const { key, id } = query.after;
  const column = query.sort === 'newest' ? 'createdAt' : 'price';
  const value = query.sort === 'newest' ? new Date(key) : key;
  const beyond = query.sort === 'price_asc' ? Op.gt : Op.lt;
  return { [Op.or]: [{ [column]: { [beyond]: value } }, { [column]: value, id: { [beyond]: id } }] };
}

export type CatalogSearch = ReturnType<typeof catalogSearch>;

export function catalogSearch(db: Database, { Product }: InventoryModels) {
  return {
    /** One page of active products, plus one extra row that tells whether more follow. */
    async findPage(query: CatalogQuery): Promise<Product[]> {
      const conditions: Row[] = [{ status: 'active' }];
      if (query.category !== undefined) conditions.push({ category: query.category });
      if (query.sellerId !== undefined) conditions.push({ sellerId: query.sellerId });
      if (query.minPrice !== undefined) conditions.push({ price: { [Op.gte]: query.minPrice } });
      if (query.maxPrice !== undefined) conditions.push({ price: { [Op.lte]: query.maxPrice } });
      for (const word of query.words) {
        conditions.push(Sequelize.literal(`search_text LIKE ${db.escape(likePattern(word))} ESCAPE '!'`) as unknown as Row);
      }
      const after = afterCondition(query);
      if (after) conditions.push(after);
      const direction = query.sort === 'price_asc' ? 'ASC' : 'DESC';
      const column = query.sort === 'newest' ? 'createdAt' : 'price';
      const rows = await Product.findAll({
        where: { [Op.and]: conditions },
        order: [[column, direction], ['id', direction]],
        limit: query.limit + 1,
        raw: true,
      });
      return rows.map(toProduct);
    },

    /** Active products per category, by name, at most 1,000 categories. */
    async categories(): Promise<Array<{ name: string; count: number }>> {
      const rows = await Product.findAll({
        attributes: ['category', [Sequelize.fn('COUNT', Sequelize.col('id')), 'count']],
        where: { status: 'active', category: { [Op.ne]: null } },
        group: ['category'],
        order: [['category', 'ASC']],
        limit: 1000,
        raw: true,
      });
      return rows.map((row: Row) => ({ name: row.category, count: Number(row.count) }));
    },
  };
}
