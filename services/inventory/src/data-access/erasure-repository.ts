import { Op, QueryTypes, truncateWriteAheadLog, withTransaction, type Database } from '@agora/db';
import type { CategoryCounts } from './category-counts.js';
import type { InventoryModels, Row } from './models.js';

/** Removes what inventory holds about a user: the cart and its record of purchases go, a seller's listings are archived. */
export class ErasureRepository {
  private readonly lockForUpdate: string;

  constructor(
    private readonly db: Database,
    private readonly models: InventoryModels,
    private readonly counts: CategoryCounts,
  ) {
    this.lockForUpdate = db.getDialect() === 'mysql' ? ' FOR UPDATE' : '';
  }

  /**
   * Idempotent: a repeat deletes and archives nothing more and answers the first
   * erasure time. Archived listings stay readable by id, for order history. The
   * listings about to be archived are counted under a lock first, so the category
   * counts drop by exactly those.
   */
  async erase(userId: string, now: Date): Promise<{ erasedAt: Date }> {
    const erased = await withTransaction(this.db, async (transaction) => {
      await this.models.CartItem.destroy({ where: { userId }, transaction });
      await this.models.CartPurchase.destroy({ where: { buyerId: userId }, transaction });
      const listed = await this.db.query<{ category: string; n: number }>(
        `SELECT category, COUNT(*) AS n FROM products WHERE seller_id = ? AND status = 'active' AND category IS NOT NULL GROUP BY category${this.lockForUpdate}`,
        { replacements: [userId], type: QueryTypes.SELECT, transaction },
      );
      await this.models.Product.update(
        { status: 'archived', updatedAt: now },
        { where: { sellerId: userId, status: { [Op.ne]: 'archived' } }, transaction },
      );
      await this.counts.apply(new Map(listed.map((row) => [row.category, -Number(row.n)])), transaction);
      const existing: Row | null = await this.models.Erasure.findByPk(userId, { raw: true, transaction });
      if (existing) return { erasedAt: new Date(existing.erasedAt) };
      await this.models.Erasure.create({ userId, erasedAt: now }, { transaction });
      return { erasedAt: now };
    });
    await truncateWriteAheadLog(this.db);
    return erased;
  }
}
