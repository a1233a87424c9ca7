import { Op, isUniqueViolation } from '@agora/db';
import type { Tx } from './transactions.js';
import type { InventoryModels, Row } from './models.js';

export interface CartLine {
  productId: string;
  quantity: number;
}

/** The lines of each user's cart, in the order they were first added, and the orders already taken out of it. */
export class CartRepository {
  constructor(private readonly models: InventoryModels) {}


  async lines(userId: string, transaction?: Tx): Promise<CartLine[]> {
    const rows = await this.models.CartItem.findAll({
      where: { userId },
      order: [['addedAt', 'ASC'], ['productId', 'ASC']],
      raw: true,
      transaction,
    });
    return rows.map((row: Row) => ({ productId: row.productId, quantity: Number(row.quantity) }));
  }

  /**
   * Sets the quantity of a line, adding it at the end when it is new. Two requests adding the
   * same new line at once (a client's retry reaching the other replica) both succeed: the one
   * whose insert meets the other's row sets the quantity on it instead.
   */
  async setQuantity(userId: string, productId: string, quantity: number, transaction?: Tx): Promise<void> {
    const where = { userId, productId };
    const [updated] = await this.models.CartItem.update({ quantity }, { where, transaction });
    if (updated > 0) return;
    try {
      await this.models.CartItem.create({ userId, productId, quantity, addedAt: new Date() }, { transaction });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await this.models.CartItem.update({ quantity }, { where, transaction });
    }
  }

  async remove(userId: string, productId: string, transaction?: Tx): Promise<void> {
    await this.models.CartItem.destroy({ where: { userId, productId }, transaction });
  }

  async clear(userId: string): Promise<void> {
    await this.models.CartItem.destroy({ where: { userId } });
  }

  /** Lowers a line by a quantity and removes it once nothing is left; a line that is not there stays absent. */
  async subtract(userId: string, line: CartLine, transaction: Tx): Promise<void> {
    const where = { userId, productId: line.productId };
    await this.models.CartItem.decrement('quantity', { by: line.quantity, where, transaction });
    await this.models.CartItem.destroy({ where: { ...where, quantity: { [Op.lte]: 0 } }, transaction });
  }

  /** False when this order was recorded before (for whichever buyer): the unique order id is the guard. */
  async recordPurchase(orderId: string, buyerId: string, now: Date, transaction: Tx): Promise<boolean> {
    try {
      await this.models.CartPurchase.create({ orderId, buyerId, createdAt: now }, { transaction });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** A locking read (MariaDB): it sees the row a concurrent repeat just committed, which the transaction's snapshot may predate. */
  async buyerOfPurchase(orderId: string, transaction: Tx): Promise<string | null> {
    const row: Row | null = await this.models.CartPurchase.findByPk(orderId, { raw: true, transaction, lock: transaction.LOCK.SHARE });
    return row ? row.buyerId : null;
  }

  async wasErased(userId: string, transaction: Tx): Promise<boolean> {
    return (await this.models.Erasure.findByPk(userId, { raw: true, transaction })) !== null;
  }

  /** Forgets the orders recorded before `before`; returns how many. */
  async purgePurchases(before: Date): Promise<number> {
    return this.models.CartPurchase.destroy({ where: { createdAt: { [Op.lt]: before } } });
  }
}
