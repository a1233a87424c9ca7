import bunyan from 'bunyan';
import { redact } from './redact.js';
import { FluentSink, type FluentTarget } from './fluent-sink.js';

export type Logger = bunyan;

export interface LoggerOptions {
  service: string;
  level?: bunyan.LogLevelString;
  /** Where JSON lines go; stdout unless given (tests pass a collector). */
  stdout?: NodeJS.WritableStream;
  /** Extra raw streams (e.g. the Fluentd forwarder); each receives redacted records and their JSON line. */
  sinks?: Array<{ write(record: object, line: string): void }>;
  /** Also forward every record to Fluentd (Forward protocol), tagged `agora.<service>`. */
  fluent?: FluentTarget & { dropReportIntervalMs?: number };
}

/**
 * One bunyan logger per process. Every record is redacted once, then written as a
 * JSON line to stdout and handed to each sink, so no stream can leak a secret.
 */
export function createLogger(options: LoggerOptions): Logger {
  const out = options.stdout ?? process.stdout;
  const sinks = [...(options.sinks ?? [])];
  const fluent = options.fluent && new FluentSink({ host: options.fluent.host, port: options.fluent.port, tag: `agora.${options.service}` });
  if (fluent) sinks.push(fluent);
  const redacting = {
    write(record: object) {
      const clean = redact(record) as object;
      const line = JSON.stringify(clean);
      out.write(`${line}\n`);
      for (const sink of sinks) sink.write(clean, line);
    },
  };
  const log = bunyan.createLogger({
    name: options.service,
    service: options.service,
    level: options.level ?? 'info',
    serializers: { err: bunyan.stdSerializers.err },
    streams: [{ type: 'raw', stream: redacting, level: options.level ?? 'info' }],
  });
  fluent?.reportDropsTo(log, options.fluent?.dropReportIntervalMs ?? 60_000);
  flushers.set(log, async () => {
    await fluent?.close();
    await new Promise<void>((resolve) => (out.write('') ? resolve() : out.once('drain', () => resolve())));
  });
  return log;
}

const flushers = new WeakMap<Logger, () => Promise<void>>();

/**
 * Writes out what the logger still holds (stdout, Fluentd's queue within its grace) and
 * stops forwarding: the last call before a process exits on a fatal error.
 */
export async function flushLogs(log: Logger): Promise<void> {
  await flushers.get(log)?.();
}
