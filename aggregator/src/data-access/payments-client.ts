import type { ServiceClient } from '@agora/http-client';
import type { components } from './generated/payments.js';

type Schemas = components['schemas'];
export type Payment = Schemas['Payment'];
export type ChargeRequest = Schemas['ChargeRequest'];
export type Refund = Schemas['Refund'];
export type RefundRequest = Schemas['RefundRequest'];
export type SellerBalance = Schemas['SellerBalance'];

/**
 * The payments service, typed from api-docs/payments.yaml. Charges and refunds carry
 * the caller's Idempotency-Key; a decline (402) or processor failure (502) comes back
 * as the same AppError, so the saga can tell them from an outage (503).
 */
export function paymentsClient(payments: ServiceClient) {
  return {
    charge: (idempotencyKey: string, body: ChargeRequest) =>
      payments.call<Payment>({
        method: 'POST',
        path: '/internal/charges',
        headers: { 'idempotency-key': idempotencyKey },
        json: body,
      }),
    refund: (paymentId: string, idempotencyKey: string, body: RefundRequest = {}) =>
      payments.call<Refund>({
        method: 'POST',
        path: `/internal/payments/${encodeURIComponent(paymentId)}/refunds`,
        headers: { 'idempotency-key': idempotencyKey },
        json: body,
      }),
    paymentsForOrders: async (orderIds: string[]): Promise<Payment[]> => {
      if (orderIds.length === 0) return [];
      const page = await payments.call<Schemas['PaymentList']>({
        path: '/internal/payments',
        searchParams: { orderIds: orderIds.join(',') },
      });
      return page.items;
    },
    /** The signed-in seller's balance; the identity travels in the request context. */
    sellerBalance: () => payments.call<SellerBalance>({ path: '/seller/balance' }),
  };
}

export type PaymentsClient = ReturnType<typeof paymentsClient>;
