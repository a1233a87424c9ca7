import { z } from 'zod';

export { z };

/** Thrown at start when the environment is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once at start against a schema whose keys are the
 * variable names. Unknown variables are ignored; bad ones fail fast.
 */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}

/** Common variable parsers, so every service reads them the same way. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
    z.coerce.number().int().min(min).max(max).default(fallback),
  url: () => z.string().url(),
  urlWithDefault: (fallback: string) => z.string().url().default(fallback),
  string: (fallback: string) => z.string().min(1).default(fallback),
  optionalString: () => z.string().min(1).optional(),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  logLevel: () => z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
};

/** Variables every process shares (db, logs, data folder). */
export const commonShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: env.logLevel(),
  AGORA_DATA_DIR: env.string('data'),
  DATABASE_URL: z
    .string()
    .regex(/^(mysql|mariadb|sqlite):/, 'must start with mysql://, mariadb:// or sqlite:')
    .optional(),
  FLUENT_HOST: env.optionalString(),
  FLUENT_PORT: env.port(24224),
  /**
   * How long past a caller's deadline (`x-agora-deadline`, an absolute time from the caller's
   * clock) a service still starts or commits work for it. It only absorbs the clock difference
   * between hosts, which NTP keeps to a few ms: hosts must agree within it. Kept small because
   * every millisecond of it is time in which a service may still act for a caller that gave up.
   */
  DEADLINE_SKEW_MS: env.int(250, 0, 10_000),
  /** A client must send its whole request within this long (408 and the socket closed otherwise). */
  HTTP_REQUEST_TIMEOUT_MS: env.int(30_000, 1_000, 600_000),
};
