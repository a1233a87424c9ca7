import { QueryTypes, type Database, type Transaction } from '@agora/db';
import { prefixesOf, searchTermsOf, type IndexLimits } from './search-terms.js';

/** A condition on `products` (aliased `p`) with its own replacements. */
export interface SqlCondition {
  sql: string;
  replacements: unknown[];
}

export type SearchIndex = Awaited<ReturnType<typeof searchIndex>>;

/** MariaDB's tokenizer settings and stopwords, read once at start: they decide which runs the index can answer. */
async function mariadbLimits(db: Database): Promise<IndexLimits> {
  const [settings] = await db.query<Record<string, string | number | null>>(
    'SELECT @@innodb_ft_min_token_size AS minLength, @@innodb_ft_enable_stopword AS enabled, @@innodb_ft_server_stopword_table AS serverTable',
    { type: QueryTypes.SELECT },
  );
  if (!Number(settings.enabled)) return { minLength: Number(settings.minLength), stopwords: [] };
  const table = settings.serverTable
    ? String(settings.serverTable).split('/').map((part) => `\`${part.replace(/`/g, '')}\``).join('.')
    : 'INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD';
  const rows = await db.query<{ value: string }>(`SELECT value FROM ${table}`, { type: QueryTypes.SELECT });
  return { minLength: Number(settings.minLength), stopwords: rows.map((row) => String(row.value).toLowerCase()) };
}

/**
 * The full-text index behind `?q=` (migration 007): an FTS5 table on SQLite, keyed by
 * the product's rowid, and a FULLTEXT table on MariaDB, keyed by the product id. Both
 * hold searchTermsOf(search_text) and are written in the product write's transaction.
 */
export async function searchIndex(db: Database) {
  const mysql = db.getDialect() === 'mysql';
  const limits: IndexLimits = mysql ? await mariadbLimits(db) : { minLength: 0, stopwords: [] };
  const writeSql = mysql
    ? ['INSERT INTO product_search (product_id, terms) VALUES (?, ?) ON DUPLICATE KEY UPDATE terms = VALUES(terms)']
    : [
        'DELETE FROM product_search WHERE rowid = (SELECT rowid FROM products WHERE id = ?)',
        'INSERT INTO product_search (rowid, terms) SELECT rowid, ? FROM products WHERE id = ?',
      ];

  return {
    /** Indexes (again) one product's search text, in the caller's transaction. */
    async write(productId: string, searchText: string, transaction: Transaction): Promise<void> {
      const terms = searchTermsOf(searchText);
      if (mysql) await db.query(writeSql[0], { replacements: [productId, terms], transaction });
      else {
        await db.query(writeSql[0], { replacements: [productId], transaction });
        await db.query(writeSql[1], { replacements: [terms, productId], transaction });
      }
    },

    /** Index rows for many new products at once (bulk loads): `[product id, search text]` pairs, one statement. */
    async writeMany(products: Array<[string, string]>, transaction: Transaction): Promise<void> {
      if (products.length === 0) return;
      const rows = products.map(([id, text]) => [id, searchTermsOf(text)]);
      const sql = mysql
        ? `INSERT INTO product_search (product_id, terms) VALUES ${rows.map(() => '(?, ?)').join(', ')}`
        : `INSERT INTO product_search (rowid, terms) SELECT p.rowid, v.column2 FROM (VALUES ${rows.map(() => '(?, ?)').join(', ')}) AS v JOIN products p ON p.id = v.column1`;
      await db.query(sql, { replacements: rows.flat(), transaction });
    },

    /**
     * The index lookup that narrows `?q=` to candidates, or null when no word has a run
     * the index can answer (then LIKE alone decides).
     */
    candidates(words: string[]): SqlCondition | null {
      const prefixes = [...new Set(words.flatMap((word) => prefixesOf(word, limits)))];
      if (prefixes.length === 0) return null;
      if (mysql) {
        return {
          sql: 'p.id IN (SELECT product_id FROM product_search WHERE MATCH (terms) AGAINST (? IN BOOLEAN MODE))',
          replacements: [prefixes.map((prefix) => `+${prefix}*`).join(' ')],
        };
      }
      return {
        sql: 'p.rowid IN (SELECT rowid FROM product_search WHERE product_search MATCH ?)',
        replacements: [prefixes.map((prefix) => `"${prefix}"*`).join(' AND ')],
      };
    },
  };
}
