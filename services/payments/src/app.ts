import { fileURLToPath } from 'node:url';
import { createApp, OpenApiSpec, type ProcessMetrics } from '@agora/koa-kit';
import type { Logger } from '@agora/logger';
import { databaseReady, type Database } from '@agora/db';
import type { IdempotentRequests } from './domain/idempotent-request.js';
import type { Charges } from './domain/charges.js';
import type { Refunds } from './domain/refunds.js';
import type { PaymentLookup } from './domain/payment-lookup.js';
import type { Deliveries } from './domain/deliveries.js';
import type { SellerBalances } from './domain/seller-balance.js';
import type { UserErasure } from './domain/erasure.js';
import type { PaymentProcessor } from './domain/processor.js';
import { chargeRoutes } from './api/charges.js';
import { refundRoutes } from './api/refunds.js';
import { paymentRoutes } from './api/payments.js';
import { deliveryRoutes } from './api/deliveries.js';
import { sellerBalanceRoutes } from './api/seller-balance.js';
import { erasureRoutes } from './api/erasures.js';
import type { operations } from './api/generated/payments.js';

const spec = OpenApiSpec.fromFile<operations>(
  fileURLToPath(new URL('../../../api-docs/payments.yaml', import.meta.url)),
);

export interface PaymentsDeps {
  log: Logger;
  metrics?: ProcessMetrics;
  /** config DEADLINE_SKEW_MS: how late past a caller's deadline this service still works for it. */
  deadlineSkewMs: number;
  db: Database;
  idempotent: IdempotentRequests;
  processor: PaymentProcessor;
  charges: Charges;
  refunds: Refunds;
  payments: PaymentLookup;
  deliveries: Deliveries;
  balances: SellerBalances;
  erasure: UserErasure;
}

export function buildApp(deps: PaymentsDeps) {
  const { idempotent, processor } = deps;
  return createApp({
    log: deps.log,
    metrics: deps.metrics,
    spec,
    trustIdentityHeaders: true,
    deadlineSkewMs: deps.deadlineSkewMs,
    isReady: databaseReady(deps.db),
    routers: [
      chargeRoutes(spec, deps.charges, idempotent, processor),
      refundRoutes(spec, deps.refunds, idempotent),
      paymentRoutes(spec, deps.payments),
      deliveryRoutes(spec, deps.deliveries),
      sellerBalanceRoutes(spec, deps.balances),
      erasureRoutes(spec, deps.erasure),
    ],
  });
}
