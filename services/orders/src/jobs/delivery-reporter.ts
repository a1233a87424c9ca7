import { OutboxSender, type PeriodicJob } from '@agora/jobs';
import type { Logger } from '@agora/logger';
import type { DeliveryReport, DeliveryReportRepository } from '../data-access/delivery-report-repository.js';
import type { PaymentsLedger } from '../data-access/payments-client.js';

export interface DeliveryReporterOptions {
  intervalMs: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/** Sends the delivery outbox to payments until each report is acknowledged (idempotent there on shipmentId). */
export function startDeliveryReporter(
  reports: DeliveryReportRepository,
  payments: PaymentsLedger,
  log: Logger,
  options: DeliveryReporterOptions,
): PeriodicJob {
  const outbox = {
    due: (now: Date, limit: number) => reports.due(now, limit),
    markSent: (report: DeliveryReport, _attempts: number, at: Date) => reports.markSent(report.shipmentId, at),
    markFailed: (report: DeliveryReport, attempts: number, next: Date, error: string) =>
      reports.markFailed(report.shipmentId, attempts, next, error),
  };
  return new OutboxSender(outbox, {
    name: 'delivery_reporter',
    send: (report) => payments.reportDelivery(report),
    describe: (report) => ({ shipment_id: report.shipmentId }),
    events: { failed: 'delivery_report_failed' },
    log,
    ...options,
  }).start();
}
