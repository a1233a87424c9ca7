export { createLogger, flushLogs, type Logger, type LoggerOptions } from './create-logger.js';
export { loggerFromConfig, type LoggingConfig } from './logger-from-config.js';
export { FluentSink, type FluentSinkOptions, type FluentSinkStats, type FluentTarget } from './fluent-sink.js';
export { redact, REDACTED } from './redact.js';
