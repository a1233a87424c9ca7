import { commonShape, env, loadConfig, z } from '@agora/config';

const currencyList = z
  .string()
  .default('EUR,USD,GBP')
  .transform((list) =>
    list
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean),
  )
  .refine(
    (list) => list.length > 0 && list.every((c) => /^[A-Z]{3}$/.test(c)),
    'must be a comma-separated list of ISO 4217 codes',
  );

const idList = z
  .string()
  .optional()
  .transform((list) =>
    (list ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  );

export function loadInventoryConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonShape,
      PORT: env.port(8082),
      /** Serves GET /metrics only (Prometheus, through Istio's metrics merging); never routed from outside. */
      METRICS_PORT: env.port(9182),
      /** Currencies a product may be priced in; the first is the default. */
      AGORA_CURRENCIES: currencyList,
      /** An unconfirmed stock reservation is released after this long. */
      RESERVATION_TTL_SECONDS: env.int(900, 1, 7 * 86_400),
      /** How often the sweeper looks for expired reservations. */
      RESERVATION_SWEEP_INTERVAL_MS: env.int(10_000, 50, 3_600_000),
      /** How long an order taken out of its cart is remembered, so a repeated checkout step subtracts nothing more. */
      CART_PURCHASE_RETENTION_SECONDS: env.int(7 * 86_400, 1, 366 * 86_400),
      /** How often orders older than that are forgotten. */
      CART_PURCHASE_PURGE_INTERVAL_MS: env.int(3_600_000, 50, 86_400_000),
      /** When set and the catalog is empty at start, a demo catalog is seeded for these sellers. */
      DEMO_CATALOG_SELLER_IDS: idList,
      DEMO_CATALOG_PRODUCTS: env.int(200, 1, 1_000_000),
    },
    environment,
  );
}

export type InventoryConfig = ReturnType<typeof loadInventoryConfig>;
