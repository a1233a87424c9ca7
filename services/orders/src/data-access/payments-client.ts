import { createServiceClient } from '@agora/http-client';
import type { DeliveryReport } from './delivery-report-repository.js';

export interface PaymentsLedger {
  /** Resolves once payments acknowledged the delivery (2xx); rejects otherwise. */
  reportDelivery(report: DeliveryReport): Promise<void>;
}

/** The payments service's delivery endpoint; idempotent there on shipmentId, so resending is safe. */
export function paymentsLedger(options: { baseUrl: string; timeoutMs: number }): PaymentsLedger {
  const client = createServiceClient({
    service: 'payments',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    retries: 0,
  });
  return {
    async reportDelivery({ shipmentId, orderId, sellerId, deliveredAt }) {
      await client.call({
        method: 'POST',
        path: '/internal/deliveries',
        json: { shipmentId, orderId, sellerId, deliveredAt },
      });
    },
  };
}
