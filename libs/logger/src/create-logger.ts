import bunyan from 'bunyan';
import { redact } from './redact.js';

export type Logger = bunyan;

export interface LoggerOptions {
  service: string;
  level?: bunyan.LogLevelString;
  /** Where JSON lines go; stdout unless given (tests pass a collector). */
  stdout?: NodeJS.WritableStream;
  /** Extra raw streams (e.g. the Fluentd forwarder); each receives redacted records. */
  sinks?: Array<{ write(record: object): void }>;
}

/**
 * One bunyan logger per process. Every record is redacted once, then written as a
 * JSON line to stdout and handed to each sink, so no stream can leak a secret.
 */
export function createLogger(options: LoggerOptions): Logger {
  const out = options.stdout ?? process.stdout;
  const sinks = options.sinks ?? [];
  const redacting = {
    write(record: object) {
      const clean = redact(record) as object;
      out.write(`${JSON.stringify(clean)}\n`);
      for (const sink of sinks) sink.write(clean);
    },
  };
  return bunyan.createLogger({
    name: options.service,
    service: options.service,
    level: options.level ?? 'info',
    serializers: { err: bunyan.stdSerializers.err },
    streams: [{ type: 'raw', stream: redacting, level: options.level ?? 'info' }],
  });
}
