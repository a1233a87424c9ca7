import { randomUUID } from 'node:crypto';
import { openDatabase } from '@agora/db';
import { inBatches, postJson, sendJson } from './requests.js';

export interface OrderParties {
  buyerIds: string[];
  /** Two sellers per order, so each order has two shipments as a multi-vendor cart does. */
  sellerIds: string[];
}

export interface OrderSeeding {
  throughApi: { orders: number; durationMs: number; ordersPerSecond: number };
  bulk: { orders: number; durationMs: number; ordersPerSecond: number };
}

const ADDRESS = {
  fullName: 'Bench Shopper',
  line1: '1 Load Street',
  city: 'Lisbon',
  postalCode: '1100-001',
  country: 'PT',
};
const DAY_MS = 86_400_000;

function orderBody(index: number, parties: OrderParties) {
  const buyerId = parties.buyerIds[index % parties.buyerIds.length];
  const sellers = [
    parties.sellerIds[index % parties.sellerIds.length],
    parties.sellerIds[(index + 1) % parties.sellerIds.length],
  ];
  const items = sellers.map((sellerId, position) => ({
    productId: randomUUID(),
    sellerId,
    title: `Bench item ${position}`,
    unitPrice: 1_000 + (index % 50) * 100,
    quantity: 1 + position,
  }));
  return { buyerId, currency: 'EUR', items, shippingAddress: ADDRESS };
}

/** A sample through the orders internal API (create + `paid` transition), as the checkout saga writes them: the rate to compare the bulk path with. */
export async function placeOrdersThroughApi(
  ordersUrl: string,
  count: number,
  parties: OrderParties,
): Promise<OrderSeeding['throughApi']> {
  const started = Date.now();
  await inBatches(count, 16, async (index) => {
    const id = randomUUID();
    await sendJson('PUT', `${ordersUrl}/internal/orders/${id}`, orderBody(index, parties));
    await postJson(`${ordersUrl}/internal/orders/${id}/transitions`, { status: 'paid', paymentId: `pay_bench_${id}` });
  });
  const durationMs = Date.now() - started;
  return { orders: count, durationMs, ordersPerSecond: Math.round((count / durationMs) * 1000) };
}

/**
 * The bulk of the orders, inserted straight into the orders database in batches (rows
 * shaped as services/orders/src/data-access/migrations 002 defines them): one or two
 * orders of magnitude faster than the API, which commits each order on its own.
 */
export async function bulkInsertOrders(
  databaseUrl: string,
  dataDir: string,
  count: number,
  parties: OrderParties,
): Promise<OrderSeeding['bulk']> {
  const started = Date.now();
  const db = await openDatabase({ url: databaseUrl, dataDir, service: 'orders' });
  const queryInterface = db.getQueryInterface();
  const now = Date.now();
  try {
    for (let start = 0; start < count; start += 500) {
      const orders = [];
      const lines = [];
      const shipments = [];
      for (let index = start; index < Math.min(count, start + 500); index++) {
        const body = orderBody(index, parties);
        const id = randomUUID();
        const createdAt = new Date(now - DAY_MS - Math.floor((index / count) * 180 * DAY_MS));
        const lineRows = body.items.map((item, position) => ({
          order_id: id,
          position,
          product_id: item.productId,
          seller_id: item.sellerId,
          title: item.title,
          unit_price: item.unitPrice,
          quantity: item.quantity,
          line_total: item.unitPrice * item.quantity,
        }));
        const subtotal = lineRows.reduce((sum, line) => sum + line.line_total, 0);
        orders.push({
          id,
          buyer_id: body.buyerId,
          status: 'paid',
          currency: 'EUR',
          subtotal,
          shipping_address: JSON.stringify(ADDRESS),
          request_hash: 'bench',
          payment_id: `pay_bench_${id}`,
          created_at: createdAt,
          updated_at: createdAt,
        });
        lines.push(...lineRows);
        for (const line of lineRows) {
          shipments.push({
            id: randomUUID(),
            order_id: id,
            seller_id: line.seller_id,
            status: 'pending',
            subtotal: line.line_total,
            carrier: null,
            tracking_number: null,
            shipped_at: null,
            delivered_at: null,
            created_at: createdAt,
          });
        }
      }
      await queryInterface.bulkInsert('orders', orders);
      await queryInterface.bulkInsert('order_lines', lines);
      await queryInterface.bulkInsert('shipments', shipments);
    }
  } finally {
    await db.close();
  }
  const durationMs = Date.now() - started;
  return { orders: count, durationMs, ordersPerSecond: Math.round((count / durationMs) * 1000) };
}
