import { Op, conditionalUpdate, isUniqueViolation, type Database } from '@agora/db';
import type { Reservation, ReservationLine, ReservationStatus } from '../domain/reservation-lines.js';
import type { Tx } from './transactions.js';
import type { InventoryModels, Row } from './models.js';

/** Reservations and the stock movements they make; every write runs in the caller's transaction. */
export class ReservationRepository {
  constructor(
    private readonly db: Database,
    private readonly models: InventoryModels,
  ) {}

  /** Reads the reservation with a row lock (MariaDB), so two decisions about one order queue. */
  async find(orderId: string, transaction?: Tx): Promise<Reservation | null> {
    const row: Row | null = await this.models.Reservation.findByPk(orderId, { raw: true, transaction, lock: transaction ? transaction.LOCK.UPDATE : undefined });
    if (!row) return null;
    const lines = await this.models.ReservationLine.findAll({ where: { orderId }, order: [['productId', 'ASC']], raw: true, transaction });
    return {
      orderId: row.orderId,
      status: row.status,
      items: lines.map((line: Row) => ({ productId: line.productId, quantity: Number(line.quantity) })),
      expiresAt: new Date(row.expiresAt).toISOString(),
    };
  }

  /** False when a reservation for this order already exists. */
  async insert(reservation: Reservation, transaction: Tx): Promise<boolean> {
    const now = new Date();
    try {
      await this.models.Reservation.create(
        { orderId: reservation.orderId, status: reservation.status, expiresAt: new Date(reservation.expiresAt), createdAt: now, updatedAt: now },
        { transaction },
      );
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    const lines = reservation.items.map((line) => ({ orderId: reservation.orderId, ...line }));
    if (lines.length > 0) await this.models.ReservationLine.bulkCreate(lines, { transaction });
    return true;
  }

  async setStatus(orderId: string, status: ReservationStatus, transaction: Tx): Promise<void> {
    await this.models.Reservation.update({ status, updatedAt: new Date() }, { where: { orderId }, transaction });
  }

  /** Takes stock only if enough is left of an active product: the check and the write are one statement. */
  async takeStock(line: ReservationLine, transaction: Tx): Promise<boolean> {
    const matched = await conditionalUpdate(
      this.db,
      "UPDATE products SET stock = stock - ?, updated_at = ? WHERE id = ? AND stock >= ? AND status = 'active'",
      [line.quantity, new Date(), line.productId, line.quantity],
      transaction,
    );
    return matched === 1;
  }

  async returnStock(line: ReservationLine, transaction: Tx): Promise<void> {
    await conditionalUpdate(this.db, 'UPDATE products SET stock = stock + ?, updated_at = ? WHERE id = ?', [line.quantity, new Date(), line.productId], transaction);
  }

  /** Order ids of reserved (unconfirmed) reservations whose time ran out. */
  async expired(now: Date, limit: number): Promise<string[]> {
    const rows = await this.models.Reservation.findAll({
      attributes: ['orderId'],
      where: { status: 'reserved', expiresAt: { [Op.lte]: now } },
      order: [['expiresAt', 'ASC']],
      limit,
      raw: true,
    });
    return rows.map((row: Row) => row.orderId);
  }
}
