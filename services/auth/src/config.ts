import { commonShape, env, loadConfig, z } from '@agora/config';

export function loadAuthConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonShape,
      PORT: env.port(8081),
      JWT_ISSUER: env.string('agora-auth'),
      JWT_AUDIENCE: env.string('agora'),
      /** PEM of the RS256 signing key; when unset, one is generated into the data folder on first start. */
      JWT_PRIVATE_KEY: env.optionalString(),
      ACCESS_TOKEN_TTL_SECONDS: env.int(900, 60, 86_400),
      REFRESH_TOKEN_TTL_SECONDS: env.int(30 * 86_400, 300),
      AGORA_ADMIN_EMAIL: z.string().email().optional(),
      AGORA_ADMIN_PASSWORD: z.string().min(8).max(128).optional(),
    },
    environment,
  );
}

export type AuthConfig = ReturnType<typeof loadAuthConfig>;
