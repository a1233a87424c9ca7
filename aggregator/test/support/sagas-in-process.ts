import { QueryTypes } from '@agora/db';
import type { AppError } from '@agora/errors';
import { createLogger } from '@agora/logger';
import { LogCollector } from '@agora/test-kit';
import { CancelOrder } from '../../src/domain/checkout/cancel-order.js';
import { CheckoutSaga } from '../../src/domain/checkout/checkout-saga.js';
import { PlaceOrder } from '../../src/domain/checkout/place-order.js';
import { SagaRecovery } from '../../src/domain/checkout/saga-recovery.js';
import type { CheckoutLog } from './checkout-log.js';
import type { FakeCheckoutServices } from './fake-checkout-services.js';

/** Leases that have already run out, so a retry or the recovery job may take a saga over at once. */
export const EXPIRED_LEASE = -1;

/** An answer as its client sees it: the status, whether it is a stored (returned) response, and the error code of a thrown one. */
export interface Answer {
  status: number;
  stored: boolean;
  code?: string;
}

/** The sagas of the aggregator (checkout, cancel and their recovery job) over a fake of the services and the test's saga log. */
export function sagasOver(services: FakeCheckoutServices, log: CheckoutLog, leaseMs = EXPIRED_LEASE) {
  const checkout = new CheckoutSaga(services, log.sagas, leaseMs);
  const cancel = new CancelOrder(services, log.sagas, leaseMs);
  const logs = new LogCollector();
  const recovery = new SagaRecovery(
    { sagas: log.sagas, keys: log.keys, checkout, cancel, log: createLogger({ service: 'aggregator', stdout: logs }) },
    { intervalMs: 60_000, leaseMs, deadlineMs: 5_000, keyRetentionMs: 3_600_000 },
  );
  const placeOrder = new PlaceOrder(services, log.keys, log.sagas, checkout, { isErased: async () => false }, leaseMs);
  return { checkout, cancel, recovery, placeOrder, logs };
}

/** The answer of a request, or `abandoned` if its driver crashed (a call of `services` failed with `crash`). */
export function answerOf(run: Promise<{ status: number; body: unknown }>): Promise<Answer>;
export function answerOf(
  run: Promise<{ status: number; body: unknown }>,
  services: FakeCheckoutServices,
): Promise<Answer | 'abandoned'>;
export async function answerOf(
  run: Promise<{ status: number; body: unknown }>,
  services?: FakeCheckoutServices,
): Promise<Answer | 'abandoned'> {
  const answer = run.then(
    (response): Answer => ({ status: response.status, stored: true }),
    (err: AppError): Answer => ({ status: err.status, stored: false, code: err.code }),
  );
  return services ? Promise.race([answer, services.crashed]) : answer;
}

export async function keyStateOf(
  log: CheckoutLog,
  userId: string,
  key: string,
): Promise<{ state: string; status: number | null }> {
  const [row] = await log.db.query<{ state: string; response_status: number | null }>(
    'SELECT state, response_status FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?',
    { replacements: [userId, key], type: QueryTypes.SELECT },
  );
  return { state: row.state, status: row.response_status };
}

/** The state of a saga in the log, `none` once it is forgotten. */
export async function sagaStateOf(log: CheckoutLog, sagaId: string): Promise<string> {
  const [row] = await log.db.query<{ state: string }>('SELECT state FROM sagas WHERE id = ?', {
    replacements: [sagaId],
    type: QueryTypes.SELECT,
  });
  return row?.state ?? 'none';
}

export async function unfinishedSagasOf(log: CheckoutLog, buyerId: string): Promise<number> {
  const rows = await log.db.query("SELECT id FROM sagas WHERE buyer_id = ? AND state IN ('running', 'compensating')", {
    replacements: [buyerId],
    type: QueryTypes.SELECT,
  });
  return rows.length;
}

/** The cart and the checkout request of the saga tables: two lines of one seller, an address given in full. */
export const LINES = [
  { productId: 'p1', quantity: 2, sellerId: 'seller-1', title: 'Tea', unitPrice: 500, currency: 'EUR' },
  { productId: 'p2', quantity: 1, sellerId: 'seller-1', title: 'Cup', unitPrice: 1200, currency: 'EUR' },
];
export const REQUEST = {
  shippingAddress: { fullName: 'Ada', line1: '1 Street', city: 'Lisbon', postalCode: '1000', country: 'PT' },
  paymentMethod: 'pm_card_visa',
};
