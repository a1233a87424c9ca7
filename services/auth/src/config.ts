import { commonShape, env, loadConfig, z } from '@agora/config';

export function loadAuthConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonShape,
      PORT: env.port(8081),
      /** Serves GET /metrics only (Prometheus, through Istio's metrics merging); never routed from outside. */
      METRICS_PORT: env.port(9181),
      JWT_ISSUER: env.string('agora-auth'),
      JWT_AUDIENCE: env.string('agora'),
      /** PEM of the RS256 signing key; when unset, one is generated into the data folder on first start. */
      JWT_PRIVATE_KEY: env.optionalString(),
      /**
       * Other RSA keys (PEM, public or private, one block after another) published in the JWKS
       * beside the signing key: the next one before a rotation, the previous one after it until
       * its tokens expired (docs/deploy.md, "Rotating the signing key").
       */
      JWT_VERIFICATION_KEYS: env.optionalString(),
      ACCESS_TOKEN_TTL_SECONDS: env.int(900, 60, 86_400),
      REFRESH_TOKEN_TTL_SECONDS: env.int(30 * 86_400, 300),
      AGORA_ADMIN_EMAIL: z.string().email().optional(),
      AGORA_ADMIN_PASSWORD: z.string().min(8).max(128).optional(),
      /** The processes a deleted account is erased from, by the erasure job: the aggregator first, on its INTERNAL_PORT. */
      AGGREGATOR_URL: env.urlWithDefault('http://127.0.0.1:8090'),
      INVENTORY_URL: env.urlWithDefault('http://127.0.0.1:8082'),
      ORDERS_URL: env.urlWithDefault('http://127.0.0.1:8083'),
      PAYMENTS_URL: env.urlWithDefault('http://127.0.0.1:8084'),
      /**
       * The services' part of an erasure is first sent this long after the deletion (the
       * aggregator's at once): longer than the aggregators' revocation refresh (~1 s) plus
       * their request deadline, so no request that got through before the deletion writes after.
       */
      ERASURE_SERVICES_DELAY_MS: env.int(5000, 0, 600_000),
      /** Deadline of one erasure call to a process. */
      ERASURE_TIMEOUT_MS: env.int(5000, 50, 60_000),
      /** How often the erasure outbox is checked for calls due. */
      ERASURE_RETRY_INTERVAL_MS: env.int(2000, 10, 3_600_000),
      /** First retry delay of a failed erasure call; doubles per failure up to the maximum. */
      ERASURE_BACKOFF_MS: env.int(1000, 1, 3_600_000),
      ERASURE_MAX_BACKOFF_MS: env.int(600_000, 1, 86_400_000),
    },
    environment,
  );
}

export type AuthConfig = ReturnType<typeof loadAuthConfig>;
