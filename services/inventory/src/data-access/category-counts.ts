import { preparedSql, type Database, type Transaction } from '@agora/db';

/** Whether a listing counts in `GET /categories`, and under which name: active and with a category. */
export interface Listing {
  status: string;
  category: string | null;
}

export type CountChanges = Map<string, number>;

/** +1 for the listing as it is now, −1 for what it was: nothing when both count under the same name. */
export function countChanges(before: Listing | null, after: Listing | null): CountChanges {
  const changes: CountChanges = new Map();
  const add = (listing: Listing | null, delta: number) => {
    if (listing?.status !== 'active' || listing.category === null) return;
    changes.set(listing.category, (changes.get(listing.category) ?? 0) + delta);
  };
  add(before, -1);
  add(after, +1);
  for (const [category, delta] of changes) if (delta === 0) changes.delete(category);
  return changes;
}

export type CategoryCounts = ReturnType<typeof categoryCounts>;

/** The maintained per-category counts behind `GET /categories` (table of migration 006). */
export function categoryCounts(db: Database) {
  const upsert =
    db.getDialect() === 'mysql'
      ? 'INSERT INTO category_counts (category, count) VALUES (?, ?) ON DUPLICATE KEY UPDATE count = count + VALUES(count)'
      : 'INSERT INTO category_counts (category, count) VALUES (?, ?) ON CONFLICT (category) DO UPDATE SET count = count + excluded.count';
  const select = preparedSql(db).all;
  return {
    /** Applies the changes in the caller's transaction, in name order so two writers lock rows in the same order. */
    async apply(changes: CountChanges, transaction: Transaction): Promise<void> {
      for (const category of [...changes.keys()].sort()) {
        await db.query(upsert, { replacements: [category, changes.get(category)], transaction });
      }
    },

    async list(): Promise<Array<{ name: string; count: number }>> {
      const rows = await select<{ name: string; count: number }>(
        'SELECT category AS name, count FROM category_counts WHERE count > 0 ORDER BY category LIMIT 1000',
        [],
      );
      return rows.map((row) => ({ name: row.name, count: Number(row.count) }));
    },

    /** Counts every category again from the products: after a bulk load, which skips the per-write upkeep. */
    async rebuild(transaction: Transaction): Promise<void> {
      await db.query('DELETE FROM category_counts', { transaction });
      await db.query(
        "INSERT INTO category_counts (category, count) SELECT category, COUNT(*) FROM products WHERE status = 'active' AND category IS NOT NULL GROUP BY category",
        { transaction },
      );
    },
  };
}
