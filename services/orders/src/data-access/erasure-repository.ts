import { truncateWriteAheadLog } from '@agora/db';
import type { AddressFields } from './address-repository.js';
import type { OrdersModels } from './models.js';
import type { Tx } from './transactions.js';

/** Removes what orders holds about a buyer: saved addresses, and the address copies on orders. */
export class ErasureRepository {
  constructor(private readonly models: OrdersModels) {}

  /** Once the erasure committed: the old page images in SQLite's write-ahead log go too. */
  truncateLog(): Promise<void> {
    return truncateWriteAheadLog(this.models.Order.sequelize!);
  }

  /**
   * Deletes the saved addresses and rewrites each order's shipping address with
   * `tombstone` of it; an order already tombstoned is left untouched, so a repeat
   * changes nothing. Answers the time of the first erasure.
   */
  async erase(userId: string, tombstone: (address: AddressFields) => AddressFields, now: Date, t: Tx): Promise<Date> {
    const { Address, Order, Erasure } = this.models;
    await Address.destroy({ where: { userId }, transaction: t });
    const orders = await Order.findAll({
      attributes: ['id', 'shippingAddress'],
      where: { buyerId: userId },
      raw: true,
      transaction: t,
    });
    for (const order of orders as unknown as Array<{ id: string; shippingAddress: string }>) {
      const erased = JSON.stringify(tombstone(JSON.parse(order.shippingAddress)));
      // The order's status and updatedAt stay: its business state has not changed.
      if (erased !== order.shippingAddress)
        await Order.update({ shippingAddress: erased }, { where: { id: order.id }, transaction: t });
    }
    const existing = (await Erasure.findByPk(userId, { raw: true, transaction: t })) as unknown as {
      erasedAt: string | Date;
    } | null;
    if (existing) return new Date(existing.erasedAt);
    await Erasure.create({ userId, erasedAt: now }, { transaction: t });
    return now;
  }
}
