import { backoffDelay, startPeriodicJob, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import type { DeliveryReportRepository } from '../data-access/delivery-report-repository.js';
import type { PaymentsLedger } from '../data-access/payments-client.js';

export interface DeliveryReporterOptions {
  intervalMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  batchSize?: number;
}

/**
 * Sends the delivery outbox to payments until each report is acknowledged. The outbox is
 * in the database, so reports survive restarts; a failed report waits twice as long before
 * each new attempt, up to a ceiling.
 */
export class DeliveryReporter {
  private job?: PeriodicJob;

  constructor(
    private readonly reports: DeliveryReportRepository,
    private readonly payments: PaymentsLedger,
    private readonly log: Logger,
    private readonly options: DeliveryReporterOptions,
  ) {}

  start(): void {
    this.job = startPeriodicJob('delivery_reporter', async ({ log }) => void (await this.sendDue(new Date(), log)), { intervalMs: this.options.intervalMs, log: this.log });
  }

  async stop(): Promise<void> {
    await this.job?.stop();
  }

  /** One pass over the reports that are due; returns how many were acknowledged. `log`: the pass's, with its req_id. */
  async sendDue(now = new Date(), log = this.log): Promise<number> {
    let sent = 0;
    for (const report of await this.reports.due(now, this.options.batchSize ?? 50)) {
      try {
        await this.payments.reportDelivery(report);
        await this.reports.markSent(report.shipmentId, new Date());
        sent++;
      } catch (err) {
        const attempts = report.attempts + 1;
        const delay = backoffDelay(attempts, this.options.backoffMs, this.options.maxBackoffMs);
        await this.reports.markFailed(report.shipmentId, attempts, new Date(Date.now() + delay), String((err as Error).message));
        log.warn({ event: 'delivery_report_failed', shipment_id: report.shipmentId, attempts, retry_in_ms: delay, err }, 'delivery report failed');
      }
    }
    return sent;
  }
}
