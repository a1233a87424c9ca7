import { fileURLToPath } from 'node:url';
import { createApp, OpenApiSpec, type ProcessMetrics } from '@agora/koa-kit';
import type { Logger } from '@agora/logger';
import { databaseReady, type Database } from '@agora/db';
import { admissionLimits, type AggregatorConfig } from './config.js';
import type { ServiceClients } from './data-access/service-clients.js';
import type { AccessTokenVerifier } from './domain/access-tokens.js';
import { authenticate } from './api/authenticate.js';
import { requestDeadline } from './api/request-deadline.js';
import { wellKnownRoutes } from './api/well-known.js';
import { docsRoutes } from './api/docs.js';
import { catalogRoutes } from './api/catalog.js';
import { sellerProductRoutes } from './api/seller-products.js';
import { cartRoutes } from './api/cart.js';
import { inventoryClient } from './data-access/inventory-client.js';
import { checkoutRoutes } from './api/checkout.js';
import { addressRoutes } from './api/addresses.js';
import { orderRoutes } from './api/orders.js';
import { salesRoutes } from './api/sales.js';
import { balanceRoutes } from './api/balance.js';
import { paymentsClient } from './data-access/payments-client.js';
import { ordersClient } from './data-access/orders-client.js';
import { authClient } from './data-access/auth-client.js';
import { accountRoutes, meRoutes } from './api/accounts.js';
import { adminUserRoutes } from './api/admin-users.js';
import type { RevokedUsers } from './domain/revoked-users.js';
import type { UserDirectory } from './data-access/user-directory.js';
import type { PlaceOrder } from './domain/checkout/place-order.js';
import type { CancelOrder } from './domain/checkout/cancel-order.js';
import type { UserErasure } from './domain/erasure.js';
import { internalErasureRoutes } from './api/internal-erasures.js';
import { rateLimits, type RouteLimits } from './api/rate-limits.js';
import { corsFor } from './api/cors.js';
import { admission, admissionGates } from './api/admission.js';
import { observeAdmission } from './api/admission-metrics.js';
import type { LoginFailuresByIp } from './domain/login-failures-by-ip.js';
import type { operations } from './api/generated/public.js';
import type { operations as internalOperations } from './api/generated/aggregator-internal.js';

export const publicSpec = OpenApiSpec.fromFile<operations>(
  fileURLToPath(new URL('../../api-docs/public.yaml', import.meta.url)),
);
/** The routes other services call, on INTERNAL_PORT; described apart from the public API. */
export const internalSpec = OpenApiSpec.fromFile<internalOperations>(
  fileURLToPath(new URL('../../api-docs/aggregator-internal.yaml', import.meta.url)),
);

export interface AggregatorDeps {
  config: AggregatorConfig;
  log: Logger;
  db: Database;
  clients: ServiceClients;
  verifier: AccessTokenVerifier;
  revokedUsers: RevokedUsers;
  users: UserDirectory;
  checkout: { placeOrder: PlaceOrder; cancelOrder: CancelOrder };
  limits: RouteLimits;
  loginFailures: LoginFailuresByIp;
  metrics?: ProcessMetrics;
  rateLimitRefusals?: { refused(policy: string): void };
}

export function buildApp(deps: AggregatorDeps) {
  const gates = admissionGates(admissionLimits(deps.config));
  return createApp({
    log: deps.log,
    metrics: deps.metrics,
    spec: publicSpec,
    trustIdentityHeaders: false,
    trustedProxyHops: deps.config.TRUSTED_PROXY_HOPS,
    first: corsFor(deps.config.CORS_ALLOWED_ORIGINS),
    // Readiness is the aggregator's own database only, never another service.
    isReady: databaseReady(deps.db),
    before: [
      requestDeadline(deps.config.REQUEST_DEADLINE_MS),
      admission(gates, deps.metrics && observeAdmission(deps.metrics, gates)),
      authenticate(deps.verifier, deps.revokedUsers),
      rateLimits(deps.limits, deps.rateLimitRefusals),
    ],
    routers: [
      wellKnownRoutes(deps.verifier),
      accountRoutes(publicSpec, authClient(deps.clients.auth), { loginFailures: deps.loginFailures }),
      meRoutes(publicSpec, authClient(deps.clients.auth), deps.revokedUsers),
      adminUserRoutes(publicSpec, authClient(deps.clients.auth), deps.revokedUsers),
      docsRoutes(),
      catalogRoutes(publicSpec, inventoryClient(deps.clients.inventory), deps.users, deps.config.CATALOG_CACHE_MS),
      sellerProductRoutes(publicSpec, inventoryClient(deps.clients.inventory), deps.users),
      cartRoutes(publicSpec, inventoryClient(deps.clients.inventory), deps.users),
      checkoutRoutes(publicSpec, deps.checkout),
      addressRoutes(publicSpec, ordersClient(deps.clients.orders)),
      orderRoutes(publicSpec, ordersClient(deps.clients.orders), paymentsClient(deps.clients.payments)),
      salesRoutes(publicSpec, ordersClient(deps.clients.orders), deps.users),
      balanceRoutes(publicSpec, paymentsClient(deps.clients.payments)),
    ],
  });
}

/** The app on INTERNAL_PORT: the routes other services call, apart from the public ones. */
export function buildInternalApp(deps: { log: Logger; db: Database; erasure: UserErasure; metrics?: ProcessMetrics }) {
  return createApp({
    log: deps.log,
    metrics: deps.metrics,
    spec: internalSpec,
    trustIdentityHeaders: false,
    isReady: databaseReady(deps.db),
    routers: [internalErasureRoutes(internalSpec, deps.erasure)],
  });
}
