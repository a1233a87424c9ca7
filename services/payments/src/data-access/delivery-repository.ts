import { QueryTypes, withTransaction, type Database } from '@agora/db';
import type { LedgerEntry } from '../domain/ledger.js';
import type { Delivery, PaymentShipment } from '../domain/payment.js';
import { insertLedgerTransaction } from './ledger-repository.js';
import { forUpdate, sqlTime, toIso, toNumber } from './rows.js';
import { toPaymentShipment } from './payment-repository.js';

export interface DeliveredShipment extends PaymentShipment {
  orderId: string;
  currency: string;
}

export class DeliveryRepository {
  constructor(private readonly db: Database) {}

  /**
   * Marks a shipment delivered once and books the entries the domain plans for it,
   * in one transaction with the shipment's row locked. A repeat returns the first
   * delivery's date and releases nothing more. undefined for an unknown shipment.
   */
  async record(input: {
    shipmentId: string;
    deliveredAt: Date;
    now: Date;
    plan: (shipment: DeliveredShipment) => { released: number; entries: LedgerEntry[] };
    check: (shipment: DeliveredShipment) => void;
  }): Promise<Delivery | undefined> {
    return withTransaction(this.db, async (t) => {
      const [row] = await this.db.query<Record<string, unknown>>(
        `SELECT s.*, p.order_id, p.currency FROM payment_shipments s JOIN payments p ON p.id = s.payment_id WHERE s.shipment_id = :shipmentId${forUpdate(this.db)}`,
        { type: QueryTypes.SELECT, replacements: { shipmentId: input.shipmentId }, transaction: t },
      );
      if (!row) return undefined;
      const shipment: DeliveredShipment = {
        ...toPaymentShipment(row),
        orderId: String(row.order_id),
        currency: String(row.currency),
      };
      input.check(shipment);
      const delivery = {
        shipmentId: shipment.shipmentId,
        orderId: shipment.orderId,
        sellerId: shipment.sellerId,
        currency: shipment.currency,
      };
      if (shipment.delivered) {
        const released = await this.db.query<{ total: unknown }>(
          `SELECT SUM(amount) AS total FROM ledger_entries WHERE shipment_id = :shipmentId AND kind = 'delivery' AND amount > 0`,
          { type: QueryTypes.SELECT, replacements: { shipmentId: input.shipmentId }, transaction: t },
        );
        return { ...delivery, released: toNumber(released[0]?.total), deliveredAt: toIso(row.delivered_at)! };
      }
      const plan = input.plan(shipment);
      await this.db.query('UPDATE payment_shipments SET delivered_at = :deliveredAt WHERE shipment_id = :shipmentId', {
        type: QueryTypes.UPDATE,
        replacements: { deliveredAt: sqlTime(this.db, input.deliveredAt), shipmentId: input.shipmentId },
        transaction: t,
      });
      await insertLedgerTransaction(this.db, t, {
        kind: 'delivery',
        paymentId: String(row.payment_id),
        currency: shipment.currency,
        entries: plan.entries,
        now: input.now,
      });
      return { ...delivery, released: plan.released, deliveredAt: input.deliveredAt.toISOString() };
    });
  }
}
