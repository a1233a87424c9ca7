import { withTransaction, type Database, type Transaction } from '@agora/db';
import type { InventoryModels, Row } from './models.js';

export interface CartLine {
  productId: string;
  quantity: number;
}

export type CartRepository = ReturnType<typeof cartRepository>;

/** The lines of each user's cart, in the order they were first added. */
export function cartRepository(db: Database, { CartItem }: InventoryModels) {
  return {
    transaction: <T>(work: (t: Transaction) => Promise<T>) => withTransaction(db, work),

    async lines(userId: string, transaction?: Transaction): Promise<CartLine[]> {
      const rows = await CartItem.findAll({
        where: { userId },
        order: [['addedAt', 'ASC'], ['productId', 'ASC']],
        raw: true,
        transaction,
      });
      return rows.map((row: Row) => ({ productId: row.productId, quantity: Number(row.quantity) }));
    },

    /** Sets the quantity of a line, adding it at the end when it is new. */
    async setQuantity(userId: string, productId: string, quantity: number, transaction?: Transaction): Promise<void> {
      const [updated] = await CartItem.update({ quantity }, { where: { userId, productId }, transaction });
      if (updated === 0) await CartItem.create({ userId, productId, quantity, addedAt: new Date() }, { transaction });
    },

    async remove(userId: string, productId: string, transaction?: Transaction): Promise<void> {
      await CartItem.destroy({ where: { userId, productId }, transaction });
    },

    async clear(userId: string): Promise<void> {
      await CartItem.destroy({ where: { userId } });
    },
  };
}
