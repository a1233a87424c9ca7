import type bunyan from 'bunyan';
import { createLogger, type Logger } from './create-logger.js';

/** The logging part of every process's config (`commonShape` of @agora/config). */
export interface LoggingConfig {
  LOG_LEVEL?: bunyan.LogLevelString;
  FLUENT_HOST?: string;
  FLUENT_PORT?: number;
}

/** A process's logger as its config asks: JSON lines on stdout, and to Fluentd when `FLUENT_HOST` is set. */
export function loggerFromConfig(service: string, config: LoggingConfig): Logger {
  const fluent = config.FLUENT_HOST ? { host: config.FLUENT_HOST, port: config.FLUENT_PORT ?? 24224 } : undefined;
  return createLogger({ service, level: config.LOG_LEVEL, fluent });
}
