import { QueryTypes, type Database, type Transaction } from '@agora/db';
import { prefixesOf, searchTermsOf, type IndexLimits } from './search-terms.js';

/** What a catalog query reads `products` (aliased `p`) from, with its own replacements. */
export interface SqlSource {
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
    ? String(settings.serverTable)
        .split('/')
        .map((part) => `\`${part.replace(/`/g, '')}\``)
        .join('.')
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

  const matching = mysql
    ? 'SELECT product_id AS k FROM product_search WHERE MATCH (terms) AGAINST (? IN BOOLEAN MODE)'
    : 'SELECT rowid AS k FROM product_search WHERE product_search MATCH ?';
  // The join order is forced (CROSS JOIN on SQLite, STRAIGHT_JOIN on MariaDB): from the index's matches to the products.
  const joinSql = mysql
    ? `(${matching}) AS m STRAIGHT_JOIN products p ON p.id = m.k`
    : `(${matching}) AS m CROSS JOIN products p ON p.rowid = m.k`;

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
     * The index's matches for `?q=`, joined from the index outwards to the products, or
     * null when no word has a run the index can look up (LIKE alone then decides).
     */
    candidates(words: string[]): SqlSource | null {
      const prefixes = [...new Set(words.flatMap((word) => prefixesOf(word, limits)))];
      if (prefixes.length === 0) return null;
      const match = mysql
        ? prefixes.map((prefix) => `+${prefix}*`).join(' ')
        : prefixes.map((prefix) => `"${prefix}"*`).join(' AND ');
      return { sql: joinSql, replacements: [match] };
    },
  };
}
