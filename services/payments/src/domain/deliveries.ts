import { Conflict, NotFound } from '@agora/errors';
import type { DeliveryRepository } from '../data-access/delivery-repository.js';
import { deliveryEntries } from './ledger.js';
import type { Delivery } from './payment.js';

export interface DeliveryReport {
  shipmentId: string;
  orderId: string;
  sellerId: string;
  deliveredAt: string;
}

/**
 * A delivered shipment releases its seller's remaining net (net minus what was
 * refunded so far) from pending to available, once. An unknown shipment is a 404,
 * so the orders outbox keeps retrying until the payment is recorded.
 */
export class Deliveries {
  constructor(private readonly deliveries: DeliveryRepository) {}

  async record(report: DeliveryReport, now = new Date()): Promise<Delivery> {
    const delivery = await this.deliveries.record({
      shipmentId: report.shipmentId,
      deliveredAt: new Date(report.deliveredAt),
      now,
      check: (shipment) => {
        if (shipment.sellerId !== report.sellerId || shipment.orderId !== report.orderId) {
          throw new Conflict('The shipment belongs to another order or seller');
        }
      },
      plan: (shipment) => {
        const released = shipment.subtotal - shipment.fee - shipment.refundedNet;
        return { released, entries: deliveryEntries(shipment.sellerId, shipment.shipmentId, released) };
      },
    });
    if (!delivery) throw new NotFound('Shipment');
    return delivery;
  }
}
