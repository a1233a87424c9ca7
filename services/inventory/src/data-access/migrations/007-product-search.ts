import { QueryTypes, type Database, type Migration } from '@agora/db';
import { searchTermsOf } from '../search-terms.js';

const BATCH = 2_000;

/**
 * The full-text index behind `?q=` (see search-terms.ts and search-index.ts): on SQLite a
 * contentless FTS5 table whose rowid is the product's rowid (nothing here runs VACUUM,
 * which could renumber them), on MariaDB an InnoDB table with a FULLTEXT key. Then the
 * products already there are indexed, in batches.
 */
export const createProductSearch: Migration = {
  name: '007-product-search',
  up: async ({ sequelize }) => {
    if (sequelize.getDialect() === 'mysql') {
      await sequelize.query(
        'CREATE TABLE product_search (product_id VARCHAR(36) NOT NULL PRIMARY KEY, terms MEDIUMTEXT NOT NULL, FULLTEXT KEY product_search_terms (terms)) ENGINE=InnoDB',
      );
    } else {
      await sequelize.query(
        "CREATE VIRTUAL TABLE product_search USING fts5(terms, content='', contentless_delete=1, detail='none', tokenize='unicode61 remove_diacritics 0')",
      );
    }
    await indexExistingProducts(sequelize);
  },
};

async function indexExistingProducts(db: Database): Promise<void> {
  const mysql = db.getDialect() === 'mysql';
  let after = '';
  for (;;) {
    const rows = await db.query<{ id: string; search_text: string; rowid?: number }>(
      `SELECT ${mysql ? '' : 'rowid, '}id, search_text FROM products WHERE id > ? ORDER BY id LIMIT ${BATCH}`,
      { replacements: [after], type: QueryTypes.SELECT },
    );
    if (rows.length === 0) return;
    const values = rows.flatMap((row) => [mysql ? row.id : row.rowid, searchTermsOf(row.search_text)]);
    const target = mysql ? 'product_search (product_id, terms)' : 'product_search (rowid, terms)';
    await db.query(`INSERT INTO ${target} VALUES ${rows.map(() => '(?, ?)').join(', ')}`, { replacements: values });
    after = rows.at(-1)!.id;
  }
}
