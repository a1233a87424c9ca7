import type { Migration } from '@agora/db';

/**
 * `GET /categories` reads these rows instead of counting products on every call: per
 * category, how many active products name it (what the COUNT … GROUP BY counted). The
 * product writes keep them exact in their own transaction (category-counts.ts); this
 * builds them once from the products already there. A category whose count falls to 0
 * keeps its row, hidden by the read, so a busy category is not deleted and re-created.
 */
export const createCategoryCounts: Migration = {
  name: '006-category-counts',
  up: async ({ sequelize }) => {
    await sequelize.query(
      'CREATE TABLE category_counts (category VARCHAR(100) NOT NULL PRIMARY KEY, count INTEGER NOT NULL)',
    );
    await sequelize.query(
      "INSERT INTO category_counts (category, count) SELECT category, COUNT(*) FROM products WHERE status = 'active' AND category IS NOT NULL GROUP BY category",
    );
  },
};
