import { Op, Sequelize } from '@agora/db';

const { fn, col } = Sequelize;
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
    await this.models.DeliveryReport.create(
      { ...report, deliveredAt, attempts: 0, nextAttemptAt: deliveredAt },
      { transaction: t },
    );
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

  /** Reports payments has not acknowledged yet, and the oldest one's delivery time (for the outbox metrics). */
  async backlog(): Promise<{ pending: number; oldestDueAt: Date | null }> {
    const [row] = (await this.models.DeliveryReport.findAll({
      attributes: [
        [fn('COUNT', col('shipment_id')), 'pending'],
        [fn('MIN', col('delivered_at')), 'oldest'],
      ],
      where: { sentAt: null },
      raw: true,
    })) as unknown as Array<{ pending: number | string; oldest: string | Date | null }>;
    return { pending: Number(row?.pending ?? 0), oldestDueAt: row?.oldest ? new Date(row.oldest) : null };
  }

  async markSent(shipmentId: string, at: Date): Promise<void> {
    await this.models.DeliveryReport.update({ sentAt: at }, { where: { shipmentId } });
  }

  async markFailed(shipmentId: string, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.models.DeliveryReport.update(
      { attempts, nextAttemptAt, lastError: error.slice(0, 500) },
      { where: { shipmentId } },
    );
  }
}
