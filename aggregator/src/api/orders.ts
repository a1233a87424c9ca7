import { createRouter, requireUser, type OpenApiSpec } from '@agora/koa-kit';
import type { OrdersClient, ServiceOrder } from '../data-access/orders-client.js';

export interface PaymentSummary {
  id: string;
  status: 'captured' | 'partially_refunded' | 'refunded' | 'failed';
  amount: number;
  refundedAmount: number;
}

export type Order = Omit<ServiceOrder, 'payment'> & { payment: PaymentSummary | null };

/**
 * The one place an order view gets its payment. Orders come from the orders service with
 * `payment: null`; the payments join (one batched `GET /internal/payments?orderIds=`) goes here.
 */
export async function joinPayments(orders: ServiceOrder[]): Promise<Order[]> {
  return orders.map((order) => ({ ...order, payment: null }));
}

/** `/api/v1/orders`: the buyer's orders (the cancel route lives with the checkout saga). */
export function orderRoutes(spec: OpenApiSpec, orders: OrdersClient) {
  const router = createRouter({ prefix: '/api/v1/orders' });
  router.get('/', requireUser(), spec.validate('listOrders'), async (ctx) => {
    const page = await orders.listOrders(ctx.state.query);
    ctx.body = { items: await joinPayments(page.items), nextCursor: page.nextCursor };
  });
  router.get('/:id', requireUser(), spec.validate('getOrder'), async (ctx) => {
    const [order] = await joinPayments([await orders.getOrder(ctx.state.params.id)]);
    ctx.body = order;
  });
  return router;
}
