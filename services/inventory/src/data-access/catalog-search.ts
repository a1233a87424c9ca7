import { preparedSql, type Database, storedTimeText } from '@agora/db';
import type { CatalogQuery } from '../domain/catalog-query.js';
import type { Product } from '../domain/product.js';
import type { CategoryCounts } from './category-counts.js';
import type { Row } from './models.js';
import { PRODUCT_COLUMNS, productOf } from './product-rows.js';
import type { SearchIndex } from './search-index.js';

/** `!` escapes LIKE wildcards the same way on SQLite and MariaDB. */
function likePattern(word: string): string {
  return `%${word.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** PRODUCT_COLUMNS of `p`: a `q=` page joins the search index's matches. */
const COLUMNS_OF_P = PRODUCT_COLUMNS.replace(/(\w+)/g, 'p.$1');

export type CatalogSearch = ReturnType<typeof catalogSearch>;

/**
 * How many listings (in the sort's order, past the other filters) a `q=` page first
 * looks through with LIKE. Common words fill a page within them, and no index lookup is
 * needed; otherwise the full-text index's matches are joined instead.
 */
const SCAN_FIRST = 2_000;

/**
 * The public catalog reads, as plain SQL: one page is one statement over the sort's
 * index (see 001-products). With `q`, LIKE decides (so `q` keeps its substring meaning),
 * first over the next SCAN_FIRST listings, then, when that does not fill the page, over
 * the full-text index's matches, joined from the index outwards.
 */
export function catalogSearch(db: Database, search: SearchIndex, counts: CategoryCounts) {
  const select = preparedSql(db).all;
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
      const column = query.sort === 'newest' ? 'created_at' : 'price';
      const direction = query.sort === 'price_asc' ? 'ASC' : 'DESC';
      if (query.after) {
        // "After the last product of the previous page" in the sort's direction, so the database scans the sort's index from there.
        const beyond = query.sort === 'price_asc' ? '>' : '<';
        const key =
          query.sort === 'newest' ? storedTimeText(db.getDialect(), String(query.after.key)) : query.after.key;
        add(`(p.${column} ${beyond} ? OR (p.${column} = ? AND p.id ${beyond} ?))`, key, key, query.after.id);
      }
      const order = `ORDER BY p.${column} ${direction}, p.id ${direction}`;
      const page = `${order} LIMIT ${query.limit + 1}`;
      if (query.words.length === 0)
        return (
          await select<Row>(`SELECT ${COLUMNS_OF_P} FROM products p WHERE ${where.join(' AND ')} ${page}`, replacements)
        ).map(productOf);

      const like = query.words.map(() => "p.search_text LIKE ? ESCAPE '!'").join(' AND ');
      const patterns = query.words.map(likePattern);
      // MariaDB would copy a derived table with TEXT columns to disk, so it bounds the scan itself (ROWS EXAMINED).
      const scan =
        db.getDialect() === 'mysql'
          ? `SELECT ${COLUMNS_OF_P} FROM products p WHERE ${where.join(' AND ')} AND ${like} ${page} ROWS EXAMINED ${SCAN_FIRST}`
          : `SELECT ${COLUMNS_OF_P} FROM (SELECT ${COLUMNS_OF_P}, p.search_text FROM products p WHERE ${where.join(' AND ')} ${order} LIMIT ${SCAN_FIRST}) AS p WHERE ${like} ${page}`;
      const scanned = await select<Row>(scan, [...replacements, ...patterns]);
      if (scanned.length > query.limit) return scanned.map(productOf);
      const candidates = search.candidates(query.words);
      const rows = await select<Row>(
        `SELECT ${COLUMNS_OF_P} FROM ${candidates?.sql ?? 'products p'} WHERE ${where.join(' AND ')} AND ${like} ${page}`,
        [...(candidates?.replacements ?? []), ...replacements, ...patterns],
      );
      return rows.map(productOf);
    },

    /** Active products per category, by name, at most 1,000 categories. */
    categories(): Promise<Array<{ name: string; count: number }>> {
      return counts.list();
    },
  };
}
