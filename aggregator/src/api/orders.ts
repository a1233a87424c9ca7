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

/** Orders in these states were paid and never refunded: refunds only follow a cancel (docs/checkout-saga.md). */
const PAID_AND_KEPT = new Set<ServiceOrder['status']>(['paid', 'shipped', 'delivered']);

/**
 * The payment an order's own state implies, or undefined when only payments knows it. A paid,
 * shipped or delivered order was paid by the payment it names (the saga's `paid` transition
 * stores it), captured for the order's total, and nothing of it was refunded: the only refund
 * is a cancel's, which moves the order to `cancelled` first.
 */
export function impliedPayment(order: ServiceOrder): PaymentSummary | undefined {
  if (!order.payment || !PAID_AND_KEPT.has(order.status)) return undefined;
  return { id: order.payment.id, status: 'captured', amount: order.total, refundedAmount: 0 };
}

/**
 * The one place an order view gets its payment: from the order itself where its state
 * implies it (most orders: a page of paid orders costs no call to payments), else one
 * batched call to payments for the rest of the page. Order history keeps working while
 * payments is down; those other orders' `payment` is then null.
 */
export async function joinPayments(payments: PaymentsClient, orders: ServiceOrder[]): Promise<Order[]> {
  const byOrder = new Map<string, PaymentSummary>();
  const unknown: string[] = [];
  for (const order of orders) {
    const implied = impliedPayment(order);
    if (implied) byOrder.set(order.id, implied);
    else unknown.push(order.id);
  }
  if (unknown.length > 0) {
    try {
      for (const p of await payments.paymentsForOrders(unknown)) {
        // A captured payment wins over a failed attempt of the same order.
        if (!byOrder.has(p.orderId) || p.status !== 'failed')
          byOrder.set(p.orderId, { id: p.id, status: p.status, amount: p.amount, refundedAmount: p.refundedAmount });
      }
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'service_unavailable')) throw err;
    }
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
