// CPU per call of the internal HTTP client (@agora/http-client over got), by variant, against a
// node:http server in a child process: `npm run bench:client -- [calls per round] [rounds] [a;b;h]`.
// Variants run interleaved in random order; each round's figure is also given as a ratio to the
// replica of the client (c), which cancels the drift of a shared machine. docs/performance.md.
import http from 'node:http';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import got, { type ExtendOptions, type Method } from 'got';
import { createServiceClient } from '@agora/http-client';
import { runWithContext, currentContext, DEADLINE_HEADER } from '@agora/request-context';

const BODY = JSON.stringify({
  items: Array.from({ length: 8 }, (_, i) => ({
    id: `p-${i}-0b6f4a2e-9d1c-4f57-8a3e-1c2d3e4f5a6b`,
    title: `Product number ${i}`,
    price: 1999 + i,
    currency: 'EUR',
    stock: 40 + i,
  })),
  nextCursor: 'eyJwIjoxOTk5LCJpZCI6InAtNyJ9',
});

type Call = () => Promise<unknown>;

async function main() {
  const N = Number(process.argv[2] ?? 1_000);
  const rounds = Number(process.argv[3] ?? 20);
  const only = process.argv[4]?.split(';');
  const child = fork(fileURLToPath(import.meta.url), ['server'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  const base = `http://127.0.0.1:${port}`;
  const variants = makeVariants(base);
  const names = Object.keys(variants).filter((n) => !only || only.some((o) => n.startsWith(o + ' ')));
  const reference = names.find((n) => n.startsWith('c ')) ?? names[0]!;
  const results = new Map<string, number[]>();
  // sanity: every variant returns the parsed body; then warm up
  for (const name of names) {
    const body = (await inContext(variants[name]!)) as { items?: unknown[] };
    if (!Array.isArray(body?.items)) throw new Error(`${name} returned ${JSON.stringify(body)}`);
    await drive(variants[name]!, 3_000);
  }
  const ratios = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    const order = [...names].sort(() => Math.random() - 0.5);
    const round = new Map<string, number>();
    for (const name of order) {
      const us = await measure(variants[name]!, N);
      round.set(name, us);
      results.set(name, [...(results.get(name) ?? []), us]);
    }
    for (const name of names) ratios.set(name, [...(ratios.get(name) ?? []), round.get(name)! / round.get(reference)!]);
    console.error(`round ${r}: ${names.map((n) => `${n.split(' ')[0]} ${round.get(n)!.toFixed(0)}`).join(', ')}`);
  }
  const q = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) * p)]!;
  console.log(`${rounds} rounds × ${N} calls, concurrency 16; ratio = this variant ÷ "${reference}" in the same round`);
  console.log('| variant | µs CPU/call median | p25–p75 | ratio median | ratio p25–p75 |');
  console.log('|---|---|---|---|---|');
  for (const name of names) {
    const v = results.get(name)!;
    const rr = ratios.get(name)!;
    console.log(
      `| ${name} | ${q(v, 0.5).toFixed(0)} | ${q(v, 0.25).toFixed(0)}–${q(v, 0.75).toFixed(0)} | ${q(rr, 0.5).toFixed(3)} | ${q(rr, 0.25).toFixed(3)}–${q(rr, 0.75).toFixed(3)} |`,
    );
  }
  child.kill();
  process.exit(0);
}

const DEADLINE_MS = 1_000;
const context = () => ({
  requestId: 'req-abc',
  propagate: { 'x-request-id': 'req-abc', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  deadline: Date.now() + DEADLINE_MS,
});
const inContext = (call: Call) => runWithContext(context(), call);

async function measure(call: Call, n: number): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.cpuUsage();
  await drive(call, n);
  // Timers a call left behind (AbortSignal.timeout fires at the deadline) count against it.
  await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS + 100));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

async function drive(call: Call, n: number, concurrency = 16) {
  let started = 0;
  const worker = async () => {
    while (started < n) {
      started++;
      await inContext(call);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const IDEMPOTENT: Method[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];
const agentOf = () => new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 60_000 });

interface Flags {
  /** extra options for got.extend */
  extend?: ExtendOptions;
  /** per-call: no `timeout` object (instance-level one instead) */
  instanceTimeout?: boolean;
  /** per-call: no AbortSignal */
  noSignal?: boolean;
  /** per-call: an AbortController whose timer is cleared when the call ends */
  clearedSignal?: boolean;
  /** per-call: absolute URL string, no prefixUrl */
  absoluteUrl?: boolean;
  /** body as buffer / text parsed here */
  parseHere?: 'buffer' | 'text';
  /** use the stream API and collect the body here */
  stream?: boolean;
}

/** A replica of service-client's send() as it was with AbortSignal.timeout, with switches. */
function gotClient(base: string, flags: Flags): Call {
  const agent = agentOf();
  const client = got.extend({
    ...(flags.absoluteUrl ? {} : { prefixUrl: base }),
    agent: { http: agent },
    throwHttpErrors: false,
    responseType: flags.parseHere ?? 'json',
    retry: {
      limit: 1,
      methods: IDEMPOTENT,
      statusCodes: [502, 503, 504],
      errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'],
      backoffLimit: 200,
      calculateDelay: ({ computedValue }) => (computedValue === 0 ? 0 : Math.min(computedValue, 50)),
    },
    headers: { 'user-agent': 'agora-internal' },
    ...(flags.instanceTimeout ? { timeout: { request: 2000 } } : {}),
    ...flags.extend,
  });
  return async () => {
    const ctx = currentContext();
    const remaining = ctx?.deadline ? ctx.deadline - Date.now() : Infinity;
    const timeout = Math.max(1, Math.min(2000, remaining));
    const signal =
      !flags.noSignal && !flags.clearedSignal && Number.isFinite(remaining)
        ? AbortSignal.timeout(Math.max(1, remaining))
        : undefined;
    const headers: Record<string, string> = { ...ctx?.propagate };
    if (ctx?.deadline !== undefined) headers[DEADLINE_HEADER] = String(Math.floor(ctx.deadline));
    const url = flags.absoluteUrl ? `${base}/products?limit=20` : 'products';
    const options = {
      method: 'GET' as Method,
      json: undefined,
      searchParams: flags.absoluteUrl ? undefined : { limit: 20 },
      headers,
      ...(flags.instanceTimeout ? {} : { timeout: { request: timeout } }),
      signal,
    };
    if (flags.stream) {
      const chunks: Buffer[] = [];
      const stream = client.stream(url, options as never);
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      stream.destroy();
      return JSON.parse(Buffer.concat(chunks).toString());
    }
    let timer: NodeJS.Timeout | undefined;
    if (flags.clearedSignal) {
      const controller = new AbortController();
      timer = setTimeout(() => controller.abort(), Math.max(1, remaining));
      options.signal = controller.signal;
    }
    let response;
    try {
      response = await client(url, options);
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (flags.parseHere === 'buffer') return JSON.parse((response.body as unknown as Buffer).toString());
    if (flags.parseHere === 'text') return JSON.parse(response.body as string);
    return response.body;
  };
}

function rawClient(base: string): Call {
  const agent = agentOf();
  const url = new URL(base);
  return () =>
    new Promise((resolve, reject) => {
      const ctx = currentContext();
      const headers: Record<string, string> = {
        'user-agent': 'agora-internal',
        accept: 'application/json',
        ...ctx?.propagate,
      };
      if (ctx?.deadline !== undefined) headers[DEADLINE_HEADER] = String(Math.floor(ctx.deadline));
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: '/products?limit=20',
          method: 'GET',
          agent,
          headers,
          timeout: 2000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
}

function makeVariants(base: string): Record<string, Call> {
  const service = createServiceClient({ service: 'inventory', baseUrl: base, timeoutMs: 2000 });
  const decompressOff: ExtendOptions = { decompress: false };
  return {
    'a raw http.request': rawClient(base),
    'b ServiceClient': () => service.call({ path: '/products', searchParams: { limit: 20 } }),
    'c replica': gotClient(base, {}),
    'd decompress:false': gotClient(base, { extend: decompressOff }),
    'g no per-call timeout (instance)': gotClient(base, { instanceTimeout: true }),
    'h no AbortSignal': gotClient(base, { noSignal: true }),
    'i absolute URL (no prefixUrl, searchParams)': gotClient(base, { absoluteUrl: true }),
    'h2 AbortController + timer cleared': gotClient(base, { clearedSignal: true }),
    'p d+h+i': gotClient(base, { extend: decompressOff, noSignal: true, absoluteUrl: true }),
    'q d+h+i+g': gotClient(base, { extend: decompressOff, noSignal: true, absoluteUrl: true, instanceTimeout: true }),
    'l got.stream + collect': gotClient(base, { stream: true }),
  };
}

if (process.argv[2] === 'server') {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(BODY),
      });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
