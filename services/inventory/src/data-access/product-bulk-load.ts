import { withTransaction, type Database, storedTimeText } from '@agora/db';
import { categoryCounts } from './category-counts.js';
import type { SearchIndex } from './search-index.js';

/** A product row as stored (snake_case columns), as a bulk load writes it. */
export interface ProductRecord {
  id: string;
  seller_id: string;
  title: string;
  description: string;
  search_text: string;
  price: number;
  currency: string;
  stock: number;
  category: string | null;
  images: string;
  status: 'active' | 'archived';
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'id',
  'seller_id',
  'title',
  'description',
  'search_text',
  'price',
  'currency',
  'stock',
  'category',
  'images',
  'status',
  'created_at',
  'updated_at',
] as const;
/** Rows per INSERT statement: 13 columns × 1,000 stays under SQLite's 32,766 bound variables. */
const ROWS_PER_STATEMENT = 1_000;

/**
 * The bulk path for seeding (demo catalog, benchmarks up to 1M products): multi-row
 * inserts in one transaction per call, each product indexed for search in the same
 * transaction, and the category counts rebuilt once when the load ends instead of
 * being kept per row.
 */
export function productBulkLoad(db: Database, search: SearchIndex) {
  const counts = categoryCounts(db);
  const dialect = db.getDialect();
  // Times as the column's own literal: a Date replacement would lose its milliseconds on MariaDB.
  const valueOf = (record: ProductRecord, column: (typeof COLUMNS)[number]) => {
    const value = record[column];
    return value instanceof Date ? storedTimeText(dialect, value.toISOString()) : value;
  };
  const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
  return {
    /** Inserts the records in one transaction, in id order: B-tree pages then fill one after another (InnoDB's rows live in the primary key). */
    async insert(unordered: ProductRecord[]): Promise<void> {
      const records = [...unordered].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      await withTransaction(db, async (transaction) => {
        // A million rows land in seven indexes in random id order: a big page cache keeps that off the disk (this connection only).
        if (dialect === 'sqlite') await db.query('PRAGMA cache_size = -262144', { transaction });
        for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
          const chunk = records.slice(start, start + ROWS_PER_STATEMENT);
          await db.query(
            `INSERT INTO products (${COLUMNS.join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')}`,
            {
              replacements: chunk.flatMap((record) => COLUMNS.map((column) => valueOf(record, column))),
              transaction,
            },
          );
          await search.writeMany(
            chunk.map((record) => [record.id, record.search_text]),
            transaction,
          );
        }
      });
    },

    /** Ends the load: counts every category again; merges the search index's segments into one (SQLite) or refreshes the table statistics (MariaDB). */
    async finish(): Promise<void> {
      await withTransaction(db, (transaction) => counts.rebuild(transaction));
      if (dialect === 'sqlite') await db.query("INSERT INTO product_search (product_search) VALUES ('optimize')");
      // Fresh statistics, so the planner does not judge a million rows by the empty table it last sampled.
      else await db.query('ANALYZE TABLE products, product_search');
    },
  };
}
