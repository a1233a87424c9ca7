import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the fake answers: status, headers and body; `hangUp` drops the connection unanswered, `silent` never answers. */
export type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | 'hangUp' | 'silent';

/** An HTTP server that answers with the next scripted answer of each "METHOD /path" and records every request. */
export class FakeApi {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Array<Answer | ((request: Received) => Answer)>>();
  private server!: http.Server;
  url = '';

  /** Answers the next requests to `route` with these, in order; the last one repeats. */
  on(route: string, ...answers: Array<Answer | ((request: Received) => Answer)>): this {
    this.scripts.set(route, answers);
    return this;
  }

  to(route: string): Received[] {
    return this.received.filter((r) => `${r.method} ${r.path.split('?')[0]}` === route);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const request = { method: req.method!, path: req.url!, headers: req.headers, body, at: Date.now() };
        this.received.push(request);
        const script = this.scripts.get(`${req.method} ${req.url!.split('?')[0]}`) ?? [
          { status: 404, body: { code: 'not_found' } },
        ];
        const next = script.length > 1 ? script.shift()! : script[0]!;
        const answer = typeof next === 'function' ? next(request) : next;
        if (answer === 'silent') return;
        if (answer === 'hangUp') return req.socket.destroy();
        const text =
          typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
        const type =
          typeof answer.body === 'string'
            ? 'text/plain'
            : answer.status >= 400
              ? 'application/problem+json'
              : 'application/json';
        res.writeHead(answer.status, { ...(text ? { 'content-type': type } : {}), ...answer.headers }).end(text);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: `https://agora.dev/problems/${code}`,
  title: 'Problem',
  status,
  detail: `${code} happened`,
  code,
  ...extra,
});
