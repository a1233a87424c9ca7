import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { flushLogs, type Logger } from '@agora/logger';

export interface Listening {
  server: http.Server;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host?: string;
  /**
   * A client must have sent its whole request (headers and body) within this long, else the
   * server answers 408 and closes the socket: slow senders (slowloris) cannot hold sockets.
   * Config HTTP_REQUEST_TIMEOUT_MS; the headers alone get at most 10 s of it.
   */
  requestTimeoutMs?: number;
}

export async function listen(app: Koa, options: ListenOptions): Promise<Listening> {
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const server = http.createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(10_000, requestTimeout),
      // How often those timeouts are checked (Node's default, 30 s, would let them overrun by as much).
      connectionsCheckingInterval: Math.min(1_000, requestTimeout),
    },
    app.callback(),
  );
  // Longer than a typical load balancer's idle timeout, so it closes idle keep-alive sockets first.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  // Responses still to be written at shutdown end their connection (Connection: close);
  // otherwise a client's keep-alive socket would hold close() up until it lapses.
  const inFlight = new Set<http.ServerResponse>();
  let closing = false;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (closing) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting, finish in-flight requests,
 * then run `cleanup` (stop jobs, close the database) and flush the logs (Fluentd's queue
 * included, the rest to stdout). A second signal or the grace period forces the exit.
 */
export function shutdownOnSignals(
  listening: Listening | Listening[],
  cleanup: () => Promise<void>,
  log: Logger,
  graceMs = 10_000,
): void {
  const servers = Array.isArray(listening) ? listening : [listening];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ event: 'shutdown', signal }, 'shutting down');
    const force = setTimeout(() => {
      log.warn({ event: 'shutdown_forced' }, 'grace period over; exiting');
      process.exit(1);
    }, graceMs);
    force.unref();
    let code = 0;
    try {
      await Promise.all(servers.map((server) => server.close()));
      await cleanup();
      log.info({ event: 'shutdown_complete' }, 'shut down');
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      code = 1;
    }
    await flushLogs(log);
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
