import { fileURLToPath } from 'node:url';
import { createApp, OpenApiSpec, type ProcessMetrics } from '@agora/koa-kit';
import type { Logger } from '@agora/logger';
import { databaseReady, type Database } from '@agora/db';
import type { PaymentsConfig } from './config.js';
import type { KeyTable } from './data-access/idempotency-keys.js';
import { paymentsRepository } from './data-access/payments.js';
import { refundsRepository } from './data-access/refunds.js';
import { deliveriesRepository } from './data-access/deliveries.js';
import { IdempotentRequests, stillHeld } from './domain/idempotent-request.js';
import { Charges } from './domain/charges.js';
import { Refunds } from './domain/refunds.js';
import type { PaymentProcessor } from './domain/processor.js';
import { chargeRoutes } from './api/charges.js';
import { refundRoutes } from './api/refunds.js';
import { paymentRoutes } from './api/payments.js';
import { deliveryRoutes } from './api/deliveries.js';
import { sellerBalanceRoutes } from './api/seller-balance.js';
import { erasureRoutes } from './api/erasures.js';
import { erasuresRepository } from './data-access/erasures.js';

const spec = OpenApiSpec.fromFile(fileURLToPath(new URL('../../../api-docs/payments.yaml', import.meta.url)));

export function buildApp(deps: { config: PaymentsConfig; log: Logger; db: Database; keys: KeyTable; processor: PaymentProcessor; metrics?: ProcessMetrics }) {
  const { db, keys, processor } = deps;
  const now = () => new Date();
  const payments = paymentsRepository(db, keys);
  const idempotent = new IdempotentRequests(keys, deps.config.IDEMPOTENCY_LOCK_SECONDS * 1000, now);
  const charges = new Charges({ payments, processor, claims: { stillHeld: (claim) => stillHeld(keys, claim) }, feeBps: deps.config.AGORA_PLATFORM_FEE_BPS, now });
  const refunds = new Refunds({ payments, refunds: refundsRepository(db, keys), keys, processor, now });
  return createApp({
    log: deps.log,
    metrics: deps.metrics,
    spec,
    trustIdentityHeaders: true,
    deadlineSkewMs: deps.config.DEADLINE_SKEW_MS,
    isReady: databaseReady(db),
    routers: [
      chargeRoutes({ spec, charges, idempotent, processor }),
      refundRoutes({ spec, refunds, idempotent }),
      paymentRoutes({ spec, payments }),
      deliveryRoutes({ spec, deliveries: deliveriesRepository(db) }),
      sellerBalanceRoutes({ spec, db }),
      erasureRoutes({ spec, erasures: erasuresRepository(db) }),
    ],
  });
}
