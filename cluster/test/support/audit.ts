import { expect } from 'chai';
import mysql from 'mysql2/promise';
import type { TestHttp } from '@agora/test-kit';
import type { Account } from '../../../aggregator/test/support/marketplace.js';
import { orderIdFor } from '../../../aggregator/src/domain/checkout/order-id.js';
import type { LoadLedger, Product } from './shoppers.js';

/** A key's attempts looked at: a key runs again only after an outage backed its attempt out. */
const ATTEMPTS_CHECKED = 20;
const KEPT = ['paid', 'shipped', 'delivered'];
const fee = (subtotal: number) => Math.floor((subtotal * 1000 + 5000) / 10000);

interface OrderView {
  id: string;
  buyerId: string;
  status: string;
  total: number;
  items: Array<{ productId: string; quantity: number }>;
  shipments: Array<{ sellerId: string; items: Array<{ lineTotal: number }> }>;
}

interface PaymentRow {
  order_id: string;
  status: string;
  amount: number;
  refunded_amount: number;
  refunds: number;
  refunds_total: number;
}

export async function ordersOf(api: TestHttp, buyer: Account): Promise<OrderView[]> {
  const orders: OrderView[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get('api/v1/orders', {
      headers: buyer.auth,
      searchParams: { limit: 100, ...(cursor ? { cursor } : {}) },
    });
    expect(res.statusCode, 'order history').to.equal(200);
    const page = res.body as unknown as { items: OrderView[]; nextCursor: string | null };
    orders.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return orders;
}

async function query<T>(databaseUrl: string, sql: string): Promise<T[]> {
  const connection = await mysql.createConnection(databaseUrl);
  try {
    return (await connection.query(sql))[0] as T[];
  } finally {
    await connection.end();
  }
}

export async function paymentRows(paymentsDb: string): Promise<PaymentRow[]> {
  const rows = await query<PaymentRow>(
    paymentsDb,
    `SELECT p.order_id, p.status, p.amount, p.refunded_amount, COUNT(r.id) AS refunds, COALESCE(SUM(r.amount), 0) AS refunds_total
       FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id GROUP BY p.id, p.order_id, p.status, p.amount, p.refunded_amount`,
  );
  return rows.map((r) => ({
    ...r,
    amount: Number(r.amount),
    refunded_amount: Number(r.refunded_amount),
    refunds: Number(r.refunds),
    refunds_total: Number(r.refunds_total),
  }));
}

/** Public keys still running and sagas not finished, in the aggregators' database. */
export async function unfinishedCheckouts(
  aggregatorDb: string,
): Promise<{ keysInProgress: number; sagasUnfinished: number }> {
  const [keys] = await query<{ n: number }>(
    aggregatorDb,
    "SELECT COUNT(*) AS n FROM idempotency_keys WHERE state = 'in_progress'",
  );
  const [sagas] = await query<{ n: number }>(
    aggregatorDb,
    "SELECT COUNT(*) AS n FROM sagas WHERE state IN ('running', 'compensating')",
  );
  return { keysInProgress: Number(keys!.n), sagasUnfinished: Number(sagas!.n) };
}

export interface AuditInput {
  api: TestHttp;
  ledger: LoadLedger;
  buyers: Account[];
  sellers: Account[];
  products: Product[];
  paymentsDb: string;
}

/**
 * Every order is one a checkout asked for, at most one per key and exactly the one its 201
 * named; each kept order has exactly one capture of its total, each cancelled one exactly one
 * full refund, a failed one nothing captured; stock and every seller's balance add up.
 */
export async function auditMarketplace({
  api,
  ledger,
  buyers,
  sellers,
  products,
  paymentsDb,
}: AuditInput): Promise<Record<string, number>> {
  const orders = (await Promise.all(buyers.map((b) => ordersOf(api, b)))).flat();
  const byId = new Map(orders.map((o) => [o.id, o]));
  const cancelled = new Set(ledger.cancels.map((c) => c.orderId));
  const owned = new Set<string>();
  for (const checkout of ledger.checkouts) {
    expect(checkout.final, `checkout ${checkout.key} has a final answer`).to.not.equal(undefined);
    const ids = Array.from({ length: ATTEMPTS_CHECKED }, (_, attempt) =>
      orderIdFor(checkout.account.id, checkout.key, attempt),
    );
    ids.forEach((id) => owned.add(id));
    const mine = ids.map((id) => byId.get(id)).filter((o): o is OrderView => !!o);
    const kept = mine.filter((o) => KEPT.includes(o.status) || (o.status === 'cancelled' && cancelled.has(o.id)));
    expect(
      kept.map((o) => o.id),
      `orders kept for key ${checkout.key} (final ${checkout.final?.status})`,
    ).to.deep.equal(checkout.final?.status === 201 ? [checkout.final.body.id] : []);
  }
  expect(
    orders.filter((o) => !owned.has(o.id)).map((o) => o.id),
    'orders no checkout asked for',
  ).to.deep.equal([]);
  expect(
    orders
      .filter((o) => ![...KEPT, 'payment_failed', 'cancelled'].includes(o.status))
      .map((o) => `${o.id} ${o.status}`),
    'orders left pending',
  ).to.deep.equal([]);

  for (const cancel of ledger.cancels) {
    const status = byId.get(cancel.orderId)?.status;
    if (cancel.answered.at(-1) === 200) expect(status, `cancelled order ${cancel.orderId}`).to.equal('cancelled');
    else
      expect(['cancelled', 'shipped'], `order ${cancel.orderId} after cancel ${cancel.answered.join(',')}`).to.include(
        status,
      );
  }

  const payments = await paymentRows(paymentsDb);
  expect(
    payments.filter((p) => !byId.has(p.order_id)).map((p) => p.order_id),
    'payments of orders nobody has',
  ).to.deep.equal([]);
  const paymentsOf = (orderId: string) => payments.filter((p) => p.order_id === orderId);
  for (const order of orders) {
    const captured = paymentsOf(order.id).filter((p) => p.status !== 'failed');
    if (KEPT.includes(order.status)) {
      expect(
        captured.map((p) => [p.status, p.amount, p.refunds]),
        `payment of kept order ${order.id}`,
      ).to.deep.equal([['captured', order.total, 0]]);
    } else {
      // Cancelled (by the buyer or by a compensation) or failed: whatever was captured was refunded in full, once.
      for (const p of captured)
        expect([p.status, p.refunded_amount, p.refunds_total, p.refunds], `refund of order ${order.id}`).to.deep.equal([
          'refunded',
          p.amount,
          p.amount,
          1,
        ]);
    }
  }

  const sold = new Map<string, number>();
  const pending = new Map<string, number>();
  const fees = new Map<string, number>();
  for (const order of orders.filter((o) => KEPT.includes(o.status))) {
    for (const item of order.items) sold.set(item.productId, (sold.get(item.productId) ?? 0) + item.quantity);
    for (const shipment of order.shipments) {
      const subtotal = shipment.items.reduce((sum, i) => sum + i.lineTotal, 0);
      pending.set(shipment.sellerId, (pending.get(shipment.sellerId) ?? 0) + subtotal - fee(subtotal));
      fees.set(shipment.sellerId, (fees.get(shipment.sellerId) ?? 0) + fee(subtotal));
    }
  }
  for (const product of products) {
    const res = await api.get(`api/v1/products/${product.id}`);
    expect(res.statusCode).to.equal(200);
    expect(
      (res.body as unknown as { stock: number }).stock + (sold.get(product.id) ?? 0),
      `stock of ${product.id}`,
    ).to.equal(product.stock);
  }
  for (const seller of sellers) {
    const res = await api.get('api/v1/seller/balance', { headers: seller.auth });
    expect(res.statusCode).to.equal(200);
    const eur = (
      res.body as unknown as {
        items: Array<{ currency: string; pending: number; available: number; platformFees: number }>;
      }
    ).items.find((i) => i.currency === 'EUR');
    expect(
      { pending: eur?.pending ?? 0, available: eur?.available ?? 0, platformFees: eur?.platformFees ?? 0 },
      `balance of seller ${seller.id}`,
    ).to.deep.equal({
      pending: pending.get(seller.id) ?? 0,
      available: 0,
      platformFees: fees.get(seller.id) ?? 0,
    });
  }
  return {
    orders: orders.length,
    kept: orders.filter((o) => KEPT.includes(o.status)).length,
    shipped: orders.filter((o) => o.status === 'shipped').length,
    cancelled: orders.filter((o) => o.status === 'cancelled').length,
    failed: orders.filter((o) => o.status === 'payment_failed').length,
    refunds: payments.reduce((n, p) => n + p.refunds, 0),
  };
}
