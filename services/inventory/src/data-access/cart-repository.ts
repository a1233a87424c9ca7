import { Op, isUniqueViolation, preparedSql, storedTimeText, type Database, type PreparedSql } from '@agora/db';
import type { Tx } from './transactions.js';
import type { InventoryModels } from './models.js';

export interface CartLine {
  productId: string;
  quantity: number;
}

/**
 * The lines of each user's cart, in the order they were first added, and the orders already
 * taken out of it. What every checkout runs (the cart read, taking an order's lines out) is plain
 * prepared SQL; the shopper's edits go through the models.
 */
export class CartRepository {
  private readonly sql: PreparedSql;
  private readonly dialect: string;
  private readonly lockInShareMode: string;

  constructor(
    db: Database,
    private readonly models: InventoryModels,
  ) {
    this.sql = preparedSql(db);
    this.dialect = db.getDialect();
    this.lockInShareMode = this.dialect === 'mysql' ? ' LOCK IN SHARE MODE' : '';
  }

  async lines(userId: string, transaction?: Tx): Promise<CartLine[]> {
    const rows = await this.sql.all(
      'SELECT product_id, quantity FROM cart_items WHERE user_id = ? ORDER BY added_at, product_id',
      [userId],
      transaction,
    );
    return rows.map((row) => ({ productId: row.product_id, quantity: Number(row.quantity) }));
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
    await this.sql.run(
      'UPDATE cart_items SET quantity = quantity - ? WHERE user_id = ? AND product_id = ?',
      [line.quantity, userId, line.productId],
      transaction,
    );
    await this.sql.run(
      'DELETE FROM cart_items WHERE user_id = ? AND product_id = ? AND quantity <= 0',
      [userId, line.productId],
      transaction,
    );
  }

  /** False when this order was recorded before (for whichever buyer): the unique order id is the guard. */
  async recordPurchase(orderId: string, buyerId: string, now: Date, transaction: Tx): Promise<boolean> {
    try {
      await this.sql.run(
        'INSERT INTO cart_purchases (order_id, buyer_id, created_at) VALUES (?, ?, ?)',
        [orderId, buyerId, storedTimeText(this.dialect, now.toISOString())],
        transaction,
      );
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** A locking read (MariaDB): it sees the row a concurrent repeat just committed, which the transaction's snapshot may predate. */
  async buyerOfPurchase(orderId: string, transaction: Tx): Promise<string | null> {
    const [row] = await this.sql.all(
      'SELECT buyer_id FROM cart_purchases WHERE order_id = ?' + this.lockInShareMode,
      [orderId],
      transaction,
    );
    return row ? row.buyer_id : null;
  }

  async wasErased(userId: string, transaction: Tx): Promise<boolean> {
    return (await this.sql.all('SELECT user_id FROM erasures WHERE user_id = ?', [userId], transaction)).length > 0;
  }

  /** Forgets the orders recorded before `before`; returns how many. */
  async purgePurchases(before: Date): Promise<number> {
    return this.models.CartPurchase.destroy({ where: { createdAt: { [Op.lt]: before } } });
  }
}
