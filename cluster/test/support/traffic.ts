import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { httpClient, type TestHttp } from '@agora/test-kit';

/** One HTTP exchange of the load: what, when, how long, which status (0: no answer, -1: off the contract). */
export interface Sample {
  op: string;
  start: number;
  end: number;
  status: number;
  /** Why there was no answer (got's error code), or the problem's `code`. */
  detail?: string;
}

/** A stretch of time the figures are reported for (before, during, after a fault). */
export interface Window {
  fault: string;
  phase: 'before' | 'during' | 'after';
  start: number;
  end: number;
}

/** `GET api/v1/products/1f…` → `GET products/{id}`: one name per operation, whatever the ids. */
function operationOf(method: string, url: URL): string {
  const route = url.pathname
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .map((part) => (/^[0-9a-f-]{36}$/.test(part) ? '{id}' : part))
    .join('/');
  return `${method} ${route}`;
}

/**
 * A client of the public entry (checked against api-docs/public.yaml, as every test client is)
 * that records every exchange, including the ones that got no answer.
 */
export function recordingClient(baseUrl: string, samples: Sample[]): TestHttp {
  return httpClient(baseUrl, {}, { contract: 'api-docs/public.yaml' }).extend({
    // Longer than the gateway's write timeout: the load balancer, not the client, ends a request.
    timeout: { request: 30_000 },
    hooks: {
      afterResponse: [
        (response) => {
          const code = (response.body as { code?: string } | undefined)?.code;
          samples.push({
            op: operationOf(response.request.options.method, new URL(response.url)),
            start: response.timings.start,
            end: Date.now(),
            status: response.statusCode,
            detail: code,
          });
          return response;
        },
      ],
      beforeError: [
        (error) => {
          const options = error.options;
          // -1: an answer that breaks the contract (the check throws); 0: no answer at all.
          if (options?.url)
            samples.push({
              op: operationOf(options.method, new URL(String(options.url))),
              start: error.timings?.start ?? Date.now(),
              end: Date.now(),
              status: error.response ? -1 : 0,
              detail: error.code ?? error.message,
            });
          return error;
        },
      ],
    },
  });
}

export interface Figures {
  requests: number;
  throughput: number;
  p99Ms: number;
  status503: number;
  otherErrors: number;
}

export function figuresOf(samples: Sample[], window: Pick<Window, 'start' | 'end'>): Figures {
  const inside = samples.filter((s) => s.end >= window.start && s.end < window.end);
  const latencies = inside.map((s) => s.end - s.start).sort((a, b) => a - b);
  const seconds = Math.max(0.001, (window.end - window.start) / 1000);
  return {
    requests: inside.length,
    throughput: Math.round((inside.length / seconds) * 10) / 10,
    p99Ms: latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)]! : 0,
    status503: inside.filter((s) => s.status === 503).length,
    otherErrors: inside.filter((s) => s.status <= 0 || (s.status >= 500 && s.status !== 503)).length,
  };
}

/** The figures of every fault, before/during/after, as a table; also written to test-artifacts/. */
export function reportFigures(
  samples: Sample[],
  windows: Window[],
  extra: Record<string, string>,
  file: string,
): string {
  const faults = [...new Set(windows.map((w) => w.fault))];
  const cell = (f: Figures) =>
    `${f.throughput.toFixed(1).padStart(6)} ${String(f.p99Ms).padStart(6)} ${String(f.status503).padStart(4)}`;
  const header = `${'fault'.padEnd(34)} | ${'before: rps  p99ms  503'.padEnd(23)} | ${'during: rps  p99ms  503'.padEnd(23)} | ${'after:  rps  p99ms  503'.padEnd(23)} | LB`;
  const lines = faults.map((fault) => {
    const phase = (p: Window['phase']) => windows.find((w) => w.fault === fault && w.phase === p);
    const cells = (['before', 'during', 'after'] as const).map((p) => {
      const w = phase(p);
      return w ? `${' '.repeat(6)}${cell(figuresOf(samples, w))}` : ' '.repeat(23);
    });
    return `${fault.padEnd(34)} | ${cells.join(' | ')} | ${extra[fault] ?? ''}`;
  });
  const table = [header, '-'.repeat(header.length), ...lines].join('\n');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${table}\n`);
  const errorsIn = (w: Window) => {
    const counts: Record<string, number> = {};
    for (const s of samples.filter((x) => x.end >= w.start && x.end < w.end && (x.status <= 0 || x.status >= 500)))
      counts[`${s.op} ${s.status} ${s.detail ?? ''}`.trim()] =
        (counts[`${s.op} ${s.status} ${s.detail ?? ''}`.trim()] ?? 0) + 1;
    return counts;
  };
  writeFileSync(
    file.replace(/\.txt$/, '.json'),
    JSON.stringify(
      { windows: windows.map((w) => ({ ...w, ...figuresOf(samples, w), errors: errorsIn(w) })), lb: extra },
      null,
      2,
    ),
  );
  return table;
}
