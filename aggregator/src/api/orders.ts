import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import { AppError } from '@agora/errors';
import type { OrdersClient, ServiceOrder } from '../data-access/orders-client.js';
import type { PaymentsClient } from '../data-access/payments-client.js';
import type { operations } from './generated/public.js';

export interface PaymentSummary {
  id: string;
  status: 'captured' | 'partially_refunded' | 'refunded' | 'failed';
  amount: number;
  refundedAmount: number;
}

export type Order = Omit<ServiceOrder, 'payment'> & { payment: PaymentSummary | null };

/**
 * The one place an order view gets its payment: one batched call to payments per page.
 * Order history keeps working while payments is down; `payment` is then null.
 */
export async function joinPayments(payments: PaymentsClient, orders: ServiceOrder[]): Promise<Order[]> {
  const byOrder = new Map<string, PaymentSummary>();
  try {
    for (const p of await payments.paymentsForOrders(orders.map((o) => o.id))) {
      // A captured payment wins over a failed attempt of the same order.
      if (!byOrder.has(p.orderId) || p.status !== 'failed')
        byOrder.set(p.orderId, { id: p.id, status: p.status, amount: p.amount, refundedAmount: p.refundedAmount });
    }
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'service_unavailable')) throw err;
  }
  return orders.map((order) => ({ ...order, payment: byOrder.get(order.id) ?? null }));
}

/** `/api/v1/orders`: the buyer's orders (the cancel route lives with the checkout saga). */
export function orderRoutes(spec: OpenApiSpec<operations>, orders: OrdersClient, payments: PaymentsClient) {
  const router = createRouter({ prefix: '/api/v1/orders', caller: requireUser() });
  router.get('/', spec.validate('listOrders'), async (ctx) => {
    const page = await orders.listOrders(ctx.state.query);
    ctx.body = { items: await joinPayments(payments, page.items), nextCursor: page.nextCursor };
  });
  router.get('/:id', spec.validate('getOrder'), async (ctx) => {
    const [order] = await joinPayments(payments, [await orders.getOrder(ctx.state.params.id)]);
    ctx.body = order;
  });
  return router;
}
