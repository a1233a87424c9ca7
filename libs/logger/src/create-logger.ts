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
  /**
   * Forward every record to Fluentd (Forward protocol), tagged `agora.<service>`, instead of
   * writing it to stdout: in the cluster, the node's Fluentd collects stdout too, and a record
   * must arrive once. Records still undelivered when the logger is flushed go to stdout then.
   */
  fluent?: FluentTarget & { dropReportIntervalMs?: number };
}

/**
 * One bunyan logger per process. Every record is redacted once, then written as a JSON line
 * to stdout, or to Fluentd when `fluent` is given, and handed to each sink, so no stream can
 * leak a secret.
 */
export function createLogger(options: LoggerOptions): Logger {
  const out = options.stdout ?? process.stdout;
  const sinks = [...(options.sinks ?? [])];
  const fluent =
    options.fluent &&
    new FluentSink({ host: options.fluent.host, port: options.fluent.port, tag: `agora.${options.service}` });
  if (fluent) sinks.push(fluent);
  const redacting = {
    write(record: object) {
      const clean = redact(record) as object;
      const line = JSON.stringify(clean);
      if (!fluent) out.write(`${line}\n`);
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
    // Fluentd down or slow: what it did not take reaches the node's collector through stdout.
    for (const line of (await fluent?.close()) ?? []) out.write(`${line}\n`);
    await new Promise<void>((resolve) => (out.write('') ? resolve() : out.once('drain', () => resolve())));
  });
  return log;
}

const flushers = new WeakMap<Logger, () => Promise<void>>();

/**
 * Writes out what the logger still holds (stdout, Fluentd's queue within its grace, the rest of
 * that queue to stdout) and stops forwarding: the last call before a process exits, on a
 * signal (shutdownOnSignals) or a fatal error (exitOnFatalErrors).
 */
export async function flushLogs(log: Logger): Promise<void> {
  await flushers.get(log)?.();
}
