import fluentLogger from 'fluent-logger';
import type bunyan from 'bunyan';

export interface FluentTarget {
  host: string;
  port: number;
}

export interface FluentSinkOptions extends FluentTarget {
  /** The Fluentd tag of every record: `agora.<service>`. */
  tag: string;
  /** Records kept while Fluentd is slow or down; past either bound the oldest are dropped. */
  maxQueued?: number;
  /** Counted in JSON characters, a close enough stand-in for bytes that costs no encoding. */
  maxQueuedBytes?: number;
  /** Records handed to fluent-logger whose socket write has not completed yet. */
  maxInFlight?: number;
  /** Pause after a failed or broken connection before the next attempt. */
  reconnectIntervalMs?: number;
}

export interface FluentSinkStats {
  connected: boolean;
  queued: number;
  queuedBytes: number;
  inFlight: number;
  sent: number;
  dropped: number;
  connectFailures: number;
}

type SenderOptions = fluentLogger.Options & { enableReconnect: boolean };

/** The parts of fluent-logger's sender used here (its typings omit `on` and the bare `end`). */
interface Sender {
  emit(record: object, written: () => void): void;
  on(event: 'connect' | 'error', listener: () => void): void;
  end(): void;
}

interface Connection {
  sender: Sender;
  connected: boolean;
  /** Lines handed to this sender, oldest first; fluent-logger completes them in order. */
  pending: string[];
}

const SILENT = { info: () => undefined, error: () => undefined };

/**
 * fluent-logger 3.4's own queue is unbounded in its default Message mode, and its
 * built-in reconnect (10 min by default) keeps a timer per error. So each connection
 * attempt gets a fresh sender with reconnect off, and this sink holds the bounded
 * queue: a record goes to the sender only while it is connected and fewer than
 * `maxInFlight` writes are pending, so a down or stalled Fluentd costs at most the
 * bounds here, never a blocked request.
 */
export class FluentSink {
  private readonly queue: string[] = [];
  private queuedBytes = 0;
  private connection: Connection | null = null;
  private retry: NodeJS.Timeout | null = null;
  private report: NodeJS.Timeout | null = null;
  private closed = false;
  private drained: (() => void) | null = null;
  private readonly counters = { sent: 0, dropped: 0, connectFailures: 0 };
  private readonly limits: Required<Omit<FluentSinkOptions, 'tag' | 'host' | 'port'>>;

  constructor(private readonly options: FluentSinkOptions) {
    this.limits = {
      maxQueued: options.maxQueued ?? 10_000,
      maxQueuedBytes: options.maxQueuedBytes ?? 8 * 1024 * 1024,
      maxInFlight: options.maxInFlight ?? 500,
      reconnectIntervalMs: options.reconnectIntervalMs ?? 2_000,
    };
  }

  /** Takes a redacted record (and its JSON line, when the caller already has it); never waits. */
  write(record: object, line: string = JSON.stringify(record)): void {
    if (this.closed) return;
    this.queue.push(line);
    this.queuedBytes += line.length;
    this.trim();
    this.pump();
  }

  stats(): FluentSinkStats {
    return {
      connected: this.connection?.connected ?? false,
      queued: this.queue.length,
      queuedBytes: this.queuedBytes,
      inFlight: this.connection?.pending.length ?? 0,
      ...this.counters,
    };
  }

  /** Logs a warning each interval in which records were dropped, with how many. */
  reportDropsTo(log: bunyan, intervalMs: number): void {
    let reported = this.counters.dropped;
    if (this.report) clearInterval(this.report);
    this.report = setInterval(() => {
      const { dropped, queued, connected } = this.stats();
      if (dropped === reported) return;
      log.warn(
        { event: 'log_forwarding_dropped', dropped: dropped - reported, dropped_total: dropped, queued, connected },
        'log records dropped: Fluentd unreachable or slow',
      );
      reported = dropped;
    }, intervalMs);
    this.report.unref();
  }

  /**
   * Stops taking records; while connected, what is queued gets `graceMs` to be written.
   * Returns the JSON lines that were not (queued, or written on a connection that had not
   * finished them), oldest first, for the caller to put somewhere else.
   */
  async close(graceMs = 1_000): Promise<string[]> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.report) clearInterval(this.report);
    const connection = this.connection;
    if (connection?.connected && connection.pending.length + this.queue.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
    }
    // `lose` may have put a broken connection's lines back in the queue while we waited. Lines
    // a live connection still has are in its socket and may yet arrive: not handed back, so a
    // record is never in both places; a connection that never opened will write nothing.
    const current = this.connection;
    const unsent = current && !current.connected ? current.pending : [];
    const undelivered = [...unsent, ...this.queue.splice(0)];
    this.queuedBytes = 0;
    this.connection = null;
    current?.sender.end();
    if (connection && connection !== current) connection.sender.end();
    return undelivered;
  }

  private trim(): void {
    while (this.queue.length > this.limits.maxQueued || this.queuedBytes > this.limits.maxQueuedBytes) {
      this.queuedBytes -= this.queue.shift()!.length;
      this.counters.dropped += 1;
    }
  }

  private pump(): void {
    if (this.retry || this.queue.length === 0) return;
    if (!this.connection) {
      if (this.closed) return;
      this.connect();
      return;
    }
    while (
      this.connection.connected &&
      this.queue.length > 0 &&
      this.connection.pending.length < this.limits.maxInFlight
    ) {
      this.hand(this.connection, this.take());
    }
  }

  private take(): string {
    const line = this.queue.shift()!;
    this.queuedBytes -= line.length;
    return line;
  }

  /** fluent-logger connects on its first emit, so the oldest record opens the connection. */
  private connect(): void {
    const senderOptions: SenderOptions = {
      host: this.options.host,
      port: this.options.port,
      enableReconnect: false,
      internalLogger: SILENT,
    };
    const sender = fluentLogger.createFluentSender<object>(this.options.tag, senderOptions) as unknown as Sender;
    const connection: Connection = { sender, connected: false, pending: [] };
    this.connection = connection;
    sender.on('connect', () => {
      if (this.connection !== connection) return;
      connection.connected = true;
      this.pump();
    });
    sender.on('error', () => this.lose(connection));
    this.hand(connection, this.take());
  }

  private hand(connection: Connection, line: string): void {
    connection.pending.push(line);
    connection.sender.emit(JSON.parse(line), () => {
      if (this.connection !== connection) return;
      connection.pending.shift();
      this.counters.sent += 1;
      if (connection.pending.length + this.queue.length === 0) this.drained?.();
      this.pump();
    });
  }

  /** A refused or broken connection: its unwritten records go back to the front of the queue. */
  private lose(connection: Connection): void {
    if (this.connection !== connection) return;
    this.connection = null;
    if (!connection.connected) this.counters.connectFailures += 1;
    for (const line of connection.pending.reverse()) {
      this.queue.unshift(line);
      this.queuedBytes += line.length;
    }
    this.trim();
    this.drained?.();
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.pump();
    }, this.limits.reconnectIntervalMs);
    this.retry.unref();
  }
}
