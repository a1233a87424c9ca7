import { preparedReads, type Database } from '@agora/db';
import type { CatalogQuery } from '../domain/catalog-query.js';
import type { Product } from '../domain/product.js';
import type { CategoryCounts } from './category-counts.js';
import type { Row } from './models.js';
import { PRODUCT_COLUMNS, productOf, timeLiteral } from './product-rows.js';
import type { SearchIndex } from './search-index.js';

/** `!` escapes LIKE wildcards the same way on SQLite and MariaDB. */
function likePattern(word: string): string {
  return `%${word.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** PRODUCT_COLUMNS of `p`: a `q=` page joins the search index's matches. */
const COLUMNS_OF_P = PRODUCT_COLUMNS.replace(/(\w+)/g, 'p.$1');

export type CatalogSearch = ReturnType<typeof catalogSearch>;

/**
 * The public catalog reads, as plain SQL: one page is one statement over the sort's
 * index (see 001-products), limited to the full-text index's candidates when `q` has
 * rare words, and decided by LIKE so `q` keeps its substring meaning.
 */
export function catalogSearch(db: Database, search: SearchIndex, counts: CategoryCounts) {
  const select = preparedReads(db);
  return {
    /** One page of active products, plus one extra row that tells whether more follow. */
    async findPage(query: CatalogQuery): Promise<Product[]> {
      const where = ["p.status = 'active'"];
      const replacements: unknown[] = [];
      const add = (sql: string, ...values: unknown[]) => {
        where.push(sql);
        replacements.push(...values);
      };
      if (query.category !== undefined) add('p.category = ?', query.category);
      if (query.sellerId !== undefined) add('p.seller_id = ?', query.sellerId);
      if (query.minPrice !== undefined) add('p.price >= ?', query.minPrice);
      if (query.maxPrice !== undefined) add('p.price <= ?', query.maxPrice);
      const candidates = await search.candidates(query.words, query.limit + 1);
      if (candidates) replacements.unshift(...candidates.replacements);
      for (const word of query.words) add("p.search_text LIKE ? ESCAPE '!'", likePattern(word));
      const column = query.sort === 'newest' ? 'p.created_at' : 'p.price';
      const direction = query.sort === 'price_asc' ? 'ASC' : 'DESC';
      if (query.after) {
        // "After the last product of the previous page" in the sort's direction, so the database scans the sort's index from there.
        const beyond = query.sort === 'price_asc' ? '>' : '<';
        const key = query.sort === 'newest' ? timeLiteral(db.getDialect(), String(query.after.key)) : query.after.key;
        add(`(${column} ${beyond} ? OR (${column} = ? AND p.id ${beyond} ?))`, key, key, query.after.id);
      }
      const sql = `SELECT ${COLUMNS_OF_P} FROM ${candidates?.sql ?? 'products p'} WHERE ${where.join(' AND ')} ORDER BY ${column} ${direction}, p.id ${direction} LIMIT ${query.limit + 1}`;
      const rows = await select<Row>(sql, replacements);
      return rows.map(productOf);
    },

    /** Active products per category, by name, at most 1,000 categories. */
    categories(): Promise<Array<{ name: string; count: number }>> {
      return counts.list();
    },
  };
}
