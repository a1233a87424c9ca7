import { AppError, InvalidState, NotFound, type FieldError } from '@agora/errors';
import { assertBeforeDeadline } from '@agora/request-context';
import type { ReservationRepository } from '../data-access/reservation-repository.js';
import type { InTransaction, Tx } from '../data-access/transactions.js';
import { mergedLines, type Reservation, type ReservationLine } from './reservation-lines.js';
import type { ProductRepository } from '../data-access/product-repository.js';
import type { CartPurchases } from './cart-purchase.js';

export type { Reservation, ReservationLine, ReservationStatus } from './reservation-lines.js';

/**
 * Stock held for an order during checkout. Keyed by the order id, so every step is
 * idempotent: a repeated reserve reserves nothing more, a release returns stock once.
 */
export class StockReservations {
  constructor(
    private readonly inTransaction: InTransaction,
    private readonly reservations: ReservationRepository,
    private readonly products: ProductRepository,
    private readonly purchases: CartPurchases,
    private readonly ttlSeconds: number,
  ) {}

  async get(orderId: string): Promise<Reservation> {
    const reservation = await this.reservations.find(orderId);
    if (!reservation) throw new NotFound('Reservation');
    return reservation;
  }

  /** All lines or none. */
  async reserve(orderId: string, items: ReservationLine[]): Promise<Reservation> {
    const lines = mergedLines(items);
    return this.inTransaction(async (t) => {
      // Insert first: the unique order id is the guard. (A locking read of a missing row
      // would take a gap lock on MariaDB, and concurrent inserts into that gap deadlock.)
      const reservation: Reservation = {
        orderId,
        status: 'reserved',
        items: lines,
        expiresAt: new Date(Date.now() + this.ttlSeconds * 1000).toISOString(),
      };
      if (!(await this.reservations.insert(reservation, t))) return usable((await this.reservations.find(orderId, t))!);
      const products = new Map(
        (
          await this.products.findByIds(
            lines.map((l) => l.productId),
            t,
          )
        ).map((p) => [p.id, p]),
      );
      const unavailable = lines.find((line) => products.get(line.productId)?.status !== 'active');
      if (unavailable) throw new NotFound(`Product ${unavailable.productId}`);
      const short: FieldError[] = [];
      for (const line of lines) {
        if (!(await this.reservations.takeStock(line, t))) {
          short.push({
            path: `/items/${line.productId}`,
            message: `product ${line.productId}: ${line.quantity} requested, ${products.get(line.productId)!.stock} in stock`,
          });
        }
      }
      // Throwing rolls the whole transaction back, the lines already taken included.
      if (short.length > 0)
        throw new AppError('insufficient_stock', 'Not enough stock for every line', { errors: short });
      // Stock is held for a checkout only while its caller still waits (the wait for the write lock counts).
      assertBeforeDeadline();
      return reservation;
    });
  }

  /**
   * Keeps the stock for good. Given the buyer, also takes the reservation's lines out of their
   * cart in the same transaction, once per order (CartPurchases): checkout's one call after the
   * charge, which its recovery repeats, possibly after the reservation alone was confirmed.
   */
  async confirm(orderId: string, purchase?: { buyerId: string }): Promise<Reservation & { cartUpdated?: true }> {
    return this.inTransaction(async (t) => {
      const reservation = await this.reservations.find(orderId, t);
      if (!reservation) throw new NotFound('Reservation');
      if (reservation.status === 'released') throw new InvalidState('The reservation was already released');
      if (reservation.status === 'reserved') await this.reservations.setStatus(orderId, 'confirmed', t);
      if (!purchase) return { ...reservation, status: 'confirmed' };
      await this.purchases.removePurchasedIn(purchase.buyerId, orderId, reservation.items, t);
      return { ...reservation, status: 'confirmed', cartUpdated: true };
    });
  }

  /**
   * Returns the stock exactly once, whether it was only reserved or already confirmed
   * (a cancelled order). An unknown order is recorded as released, so a reserve that
   * arrives late for it is refused.
   */
  async release(orderId: string): Promise<Reservation> {
    return this.inTransaction(async (t) => {
      const reservation = await this.reservations.find(orderId, t);
      if (!reservation) {
        const tombstone: Reservation = { orderId, status: 'released', items: [], expiresAt: new Date().toISOString() };
        if (await this.reservations.insert(tombstone, t)) return tombstone;
        return this.releaseExisting((await this.reservations.find(orderId, t))!, t);
      }
      return this.releaseExisting(reservation, t);
    });
  }

  /** Releases reservations whose time ran out before checkout confirmed them; returns how many. */
  async releaseExpired(now = new Date(), batch = 100): Promise<number> {
    let released = 0;
    for (const orderId of await this.reservations.expired(now, batch)) {
      await this.inTransaction(async (t) => {
        const reservation = await this.reservations.find(orderId, t);
        // Checked again under the lock: checkout may have confirmed it meanwhile.
        if (reservation?.status === 'reserved' && Date.parse(reservation.expiresAt) <= now.getTime()) {
          await this.releaseExisting(reservation, t);
          released++;
        }
      });
    }
    return released;
  }

  private async releaseExisting(reservation: Reservation, t: Tx): Promise<Reservation> {
    if (reservation.status === 'released') return reservation;
    for (const line of reservation.items) await this.reservations.returnStock(line, t);
    await this.reservations.setStatus(reservation.orderId, 'released', t);
    return { ...reservation, status: 'released' };
  }
}

function usable(existing: Reservation): Reservation {
  if (existing.status === 'released') throw new InvalidState("This order's reservation was already released");
  return existing;
}
