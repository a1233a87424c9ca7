import {
  preparedSql,
  storedTimeIso,
  storedTimeText,
  isUniqueViolation,
  type Database,
  type PreparedSql,
} from '@agora/db';
import type { Reservation, ReservationLine, ReservationStatus } from '../domain/reservation-lines.js';
import type { Tx } from './transactions.js';

/**
 * Reservations and the stock movements they make; every write runs in the caller's transaction.
 * Checkout runs through here on every order, so it is plain prepared SQL, not the ORM (the
 * models describe the same tables).
 */
export class ReservationRepository {
  private readonly sql: PreparedSql;
  private readonly dialect: string;
  private readonly lockForUpdate: string;

  constructor(db: Database) {
    this.sql = preparedSql(db);
    this.dialect = db.getDialect();
    this.lockForUpdate = this.dialect === 'mysql' ? ' FOR UPDATE' : '';
  }

  private now(): string {
    return storedTimeText(this.dialect, new Date().toISOString());
  }

  /** Reads the reservation with a row lock (MariaDB), so two decisions about one order queue. */
  async find(orderId: string, transaction?: Tx): Promise<Reservation | null> {
    const lock = transaction ? this.lockForUpdate : '';
    const [row] = await this.sql.all(
      'SELECT status, expires_at FROM reservations WHERE order_id = ?' + lock,
      [orderId],
      transaction,
    );
    if (!row) return null;
    const lines = await this.sql.all(
      'SELECT product_id, quantity FROM reservation_lines WHERE order_id = ? ORDER BY product_id',
      [orderId],
      transaction,
    );
    return {
      orderId,
      status: row.status,
      items: lines.map((line) => ({ productId: line.product_id, quantity: Number(line.quantity) })),
      expiresAt: storedTimeIso(row.expires_at),
    };
  }

  /** False when a reservation for this order already exists. */
  async insert(reservation: Reservation, transaction: Tx): Promise<boolean> {
    const now = this.now();
    try {
      await this.sql.run(
        'INSERT INTO reservations (order_id, status, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        [reservation.orderId, reservation.status, storedTimeText(this.dialect, reservation.expiresAt), now, now],
        transaction,
      );
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    if (reservation.items.length > 0) {
      const values = reservation.items.map(() => '(?, ?, ?)').join(', ');
      const params = reservation.items.flatMap((line) => [reservation.orderId, line.productId, line.quantity]);
      await this.sql.run(
        `INSERT INTO reservation_lines (order_id, product_id, quantity) VALUES ${values}`,
        params,
        transaction,
      );
    }
    return true;
  }

  async setStatus(orderId: string, status: ReservationStatus, transaction: Tx): Promise<void> {
    await this.sql.run(
      'UPDATE reservations SET status = ?, updated_at = ? WHERE order_id = ?',
      [status, this.now(), orderId],
      transaction,
    );
  }

  /** Takes stock only if enough is left of an active product: the check and the write are one statement. */
  async takeStock(line: ReservationLine, transaction: Tx): Promise<boolean> {
    const changed = await this.sql.run(
      "UPDATE products SET stock = stock - ?, updated_at = ? WHERE id = ? AND stock >= ? AND status = 'active'",
      [line.quantity, this.now(), line.productId, line.quantity],
      transaction,
    );
    return changed === 1;
  }

  async returnStock(line: ReservationLine, transaction: Tx): Promise<void> {
    await this.sql.run(
      'UPDATE products SET stock = stock + ?, updated_at = ? WHERE id = ?',
      [line.quantity, this.now(), line.productId],
      transaction,
    );
  }

  /** Order ids of reserved (unconfirmed) reservations whose time ran out. */
  async expired(now: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.all(
      "SELECT order_id FROM reservations WHERE status = 'reserved' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
      [storedTimeText(this.dialect, now.toISOString()), limit],
    );
    return rows.map((row) => row.order_id);
  }
}
