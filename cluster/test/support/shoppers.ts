import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestHttp } from '@agora/test-kit';
import type { Account } from '../../../aggregator/test/support/marketplace.js';
import { checkoutUntilFinal, type WaveBuyer } from '../../../aggregator/test/support/checkout-wave.js';

export interface Product {
  id: string;
  sellerId: string;
  stock: number;
}

/** What the load did that the audit afterwards must find exactly once. */
export interface LoadLedger {
  checkouts: WaveBuyer[];
  /** Orders whose cancel was answered 200 (or 409 after an unanswered attempt: it may have landed). */
  cancels: Array<{ buyer: Account; orderId: string; answered: number[] }>;
  shipped: Set<string>;
  /** A request the load gave up on (no final answer within its budget). */
  abandoned: string[];
}

const ANSWER_BUDGET_MS = 45_000;
const retryable = (status: number) => status === 0 || status === 503;

/** Sends a request again (it must be idempotent, or its outcome checked afterwards) while it gets no answer or a 503. */
async function untilAnswered(
  send: () => Promise<{ statusCode: number }>,
  what: string,
  ledger: LoadLedger,
): Promise<number[]> {
  const statuses: number[] = [];
  const until = Date.now() + ANSWER_BUDGET_MS;
  while (Date.now() < until) {
    let status = 0;
    try {
      status = (await send()).statusCode;
    } catch {
      // no answer; recorded by the client
    }
    statuses.push(status);
    if (!retryable(status)) return statuses;
    await sleep(250);
  }
  ledger.abandoned.push(`${what}: ${statuses.slice(-5).join(',')}`);
  return statuses;
}

/**
 * One buyer's session, over and over until `running()` is false: browse, fill the cart, check
 * out with one Idempotency-Key retried until final, read the order history, and now and then
 * cancel what was just bought.
 */
export async function buyerLoop(
  api: TestHttp,
  buyer: Account,
  products: Product[],
  ledger: LoadLedger,
  running: () => boolean,
  index: number,
): Promise<void> {
  for (let round = 0; running(); round++) {
    const headers = buyer.auth;
    await untilAnswered(() => api.get('api/v1/products', { searchParams: { limit: 10 } }), 'browse', ledger);
    const product = products[(index + round) % products.length]!;
    await untilAnswered(() => api.get(`api/v1/products/${product.id}`), 'product', ledger);
    await untilAnswered(() => api.delete('api/v1/cart', { headers }), 'empty cart', ledger);
    const quantity = 1 + (round % 2);
    const put = await untilAnswered(
      () => api.put(`api/v1/cart/items/${product.id}`, { headers, json: { quantity } }),
      'cart',
      ledger,
    );
    if (put.at(-1) !== 200) continue;
    const checkout: WaveBuyer = {
      account: buyer,
      key: `cluster-${randomUUID()}`,
      lines: [{ productId: product.id, quantity }],
      paymentMethod: (index + round) % 7 === 3 ? 'pm_card_declined' : 'pm_card_visa',
      statuses: [],
    };
    ledger.checkouts.push(checkout);
    await checkoutUntilFinal(api, checkout, Date.now() + ANSWER_BUDGET_MS);
    if (!checkout.final) ledger.abandoned.push(`checkout ${checkout.key}: ${checkout.statuses.slice(-5).join(',')}`);
    await untilAnswered(
      () => api.get('api/v1/orders', { headers, searchParams: { limit: 5 } }),
      'order history',
      ledger,
    );
    if (checkout.final?.status === 201 && round % 4 === 1) {
      const orderId = checkout.final.body.id as string;
      const answered = await untilAnswered(
        () => api.post(`api/v1/orders/${orderId}/cancel`, { headers }),
        'cancel',
        ledger,
      );
      ledger.cancels.push({ buyer, orderId, answered });
    }
    await sleep(100);
  }
}

/** A seller's session: list the pending sales and ship the first, until `running()` is false. */
export async function sellerLoop(
  api: TestHttp,
  seller: Account,
  ledger: LoadLedger,
  running: () => boolean,
): Promise<void> {
  while (running()) {
    const headers = seller.auth;
    let sales: Array<{ id: string }> = [];
    try {
      const res = await api.get('api/v1/seller/sales', { headers, searchParams: { status: 'pending', limit: 5 } });
      if (res.statusCode === 200) sales = (res.body as unknown as { items: Array<{ id: string }> }).items;
    } catch {
      // recorded by the client
    }
    const sale = sales[0];
    if (sale) {
      const statuses = await untilAnswered(
        () =>
          api.post(`api/v1/seller/shipments/${sale.id}/ship`, {
            headers,
            json: { carrier: 'DHL', trackingNumber: `T${Date.now()}` },
          }),
        'ship',
        ledger,
      );
      if (statuses.at(-1) === 200) ledger.shipped.add(sale.id);
    }
    await sleep(300);
  }
}
