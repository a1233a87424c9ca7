import { Op } from '@agora/db';
import type { OrdersModels } from './models.js';
import type { Tx } from './transactions.js';

export interface DeliveryReport {
  shipmentId: string;
  orderId: string;
  sellerId: string;
  deliveredAt: string;
  attempts: number;
}

/** The outbox of deliveries payments has not yet acknowledged. */
export class DeliveryReportRepository {
  constructor(private readonly models: OrdersModels) {}

  /** Written in the transaction that delivers the shipment, so a delivery is never left unreported. */
  async record(report: Omit<DeliveryReport, 'attempts'>, t: Tx): Promise<void> {
    const deliveredAt = new Date(report.deliveredAt);
    await this.models.DeliveryReport.create({ ...report, deliveredAt, attempts: 0, nextAttemptAt: deliveredAt }, { transaction: t });
  }

  async due(now: Date, limit: number): Promise<DeliveryReport[]> {
    const rows = await this.models.DeliveryReport.findAll({
      where: { sentAt: null, nextAttemptAt: { [Op.lte]: now } },
      order: [['nextAttemptAt', 'ASC']],
      limit,
      raw: true,
    });
    return (rows as Record<string, any>[]).map((r) => ({
      shipmentId: r.shipmentId,
      orderId: r.orderId,
      sellerId: r.sellerId,
      deliveredAt: new Date(r.deliveredAt).toISOString(),
      attempts: Number(r.attempts),
    }));
  }

  async markSent(shipmentId: string, at: Date): Promise<void> {
    await this.models.DeliveryReport.update({ sentAt: at }, { where: { shipmentId } });
  }

  async markFailed(shipmentId: string, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.models.DeliveryReport.update({ attempts, nextAttemptAt, lastError: error.slice(0, 500) }, { where: { shipmentId } });
  }
}
