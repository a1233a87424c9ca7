export { createLogger, type Logger, type LoggerOptions } from './create-logger.js';
export { redact, REDACTED } from './redact.js';
