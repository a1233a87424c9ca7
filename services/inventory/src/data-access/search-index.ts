import { preparedReads, QueryTypes, type Database, type Transaction } from '@agora/db';
import { prefixesOf, searchTermsOf, type IndexLimits } from './search-terms.js';

/** What a catalog query reads `products` (aliased `p`) from, with its own replacements. */
export interface SqlSource {
  sql: string;
  replacements: unknown[];
}

/** How long the catalog size behind the choice of plan is reused; it only steers, never decides, what matches. */
const SIZE_TTL_MS = 10_000;

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
  const select = preparedReads(db);
  const writeSql = mysql
    ? ['INSERT INTO product_search (product_id, terms) VALUES (?, ?) ON DUPLICATE KEY UPDATE terms = VALUES(terms)']
    : [
        'DELETE FROM product_search WHERE rowid = (SELECT rowid FROM products WHERE id = ?)',
        'INSERT INTO product_search (rowid, terms) SELECT rowid, ? FROM products WHERE id = ?',
      ];

  const matching = mysql
    ? 'SELECT product_id AS k FROM product_search WHERE MATCH (terms) AGAINST (? IN BOOLEAN MODE)'
    : 'SELECT rowid AS k FROM product_search WHERE product_search MATCH ?';
  const countSql = `SELECT COUNT(*) AS n FROM (${matching} LIMIT ?) AS m`;
  // The join order is forced (CROSS JOIN on SQLite, STRAIGHT_JOIN on MariaDB): from the index's matches to the products.
  const joinSql = mysql ? `(${matching}) AS m STRAIGHT_JOIN products p ON p.id = m.k` : `(${matching}) AS m CROSS JOIN products p ON p.rowid = m.k`;

  let size = { products: 0, at: -Infinity };
  /** About how many products are listed (the category counts' sum), looked up at most every SIZE_TTL_MS. */
  const catalogSize = async (): Promise<number> => {
    if (Date.now() - size.at > SIZE_TTL_MS) {
      const [row] = await select<{ n: number | null }>('SELECT SUM(count) AS n FROM category_counts', []);
      size = { products: Number(row?.n ?? 0), at: Date.now() };
    }
    return size.products;
  };

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
     * Where a `?q=` page reads from. A page taken off the sort's index, LIKE deciding,
     * reads about page × catalog ÷ matches rows; one joined from the index's matches reads
     * every match. So: null (scan the sort's index) when no word has a run the index can
     * look up, or when the words match more than √(page × catalog) products; otherwise
     * the matches, joined from the index outwards, so a rare word never scans the catalog.
     */
    async candidates(words: string[], pageSize: number): Promise<SqlSource | null> {
      const prefixes = [...new Set(words.flatMap((word) => prefixesOf(word, limits)))];
      if (prefixes.length === 0) return null;
      const match = mysql ? prefixes.map((prefix) => `+${prefix}*`).join(' ') : prefixes.map((prefix) => `"${prefix}"*`).join(' AND ');
      const few = Math.ceil(Math.sqrt(pageSize * Math.max(await catalogSize(), 1)));
      const [{ n }] = await select<{ n: number }>(countSql, [match, few + 1]);
      return Number(n) > few ? null : { sql: joinSql, replacements: [match] };
    },
  };
}
