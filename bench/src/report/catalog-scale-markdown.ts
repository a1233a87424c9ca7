import type { LoadResult } from '../load/run-load.js';
import type { CatalogGrowth } from '../seed/catalog.js';
import type { Machine } from './machine.js';

export interface CatalogScaleReport {
  startedAt: string;
  finishedAt: string;
  plan: { db: string; sizes: number[]; durationSeconds: number; connections: number; seedBudgetSeconds: number };
  machine: Machine;
  seeding: Array<CatalogGrowth & { totalAfter: number }>;
  results: LoadResult[];
  notes: string[];
}

const n = (value: number) => value.toLocaleString('en');

/** The catalog-at-scale report: seeding rates, then p50/p99 of each read at each size. */
export function renderCatalogScale(report: CatalogScaleReport, chartFile: string): string {
  const { plan, machine: m } = report;
  const sizes = [...new Set(report.results.map((r) => r.catalogSize))].sort((a, b) => a - b);
  const names = [...new Set(report.results.map((r) => r.scenario))];
  const at = (name: string, size: number) => report.results.find((r) => r.scenario === name && r.catalogSize === size);
  const first = sizes[0];
  const last = sizes.at(-1)!;
  return [
    `# Inventory catalog at scale — ${report.startedAt.slice(0, 10)}, ${plan.db}`,
    '',
    `\`npm run bench:catalog -- --db ${plan.db} --sizes ${plan.sizes.join(',')} --duration ${plan.durationSeconds}\`, ${report.startedAt} → ${report.finishedAt}, commit ${m.gitCommit}.`,
    `Only the inventory process ran (from sources through tsx, NODE_ENV=production, LOG_LEVEL=warn); autocannon sent ${plan.connections} connections for ${plan.durationSeconds} s per row, straight to inventory (no cache anywhere).`,
    `${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.database}. Load average at start ${m.loadAverageAtStart.join(' / ')}: **the machine was shared**, each row carries the load average taken just before it.`,
    '',
    '## Seeding (bulk path: multi-row inserts, 20,000 products per transaction, search index written alongside, counts rebuilt at the end)',
    '',
    ...report.seeding.map(
      (s) =>
        `- +${n(s.added)} → ${n(s.totalAfter)} products in ${(s.durationMs / 1000).toFixed(1)} s (${n(s.productsPerSecond)}/s)`,
    ),
    '',
    '## p50 / p99 latency (ms) and req/s by catalog size',
    '',
    `| read | ${sizes.map((s) => `${n(s)}: p50 / p99 · req/s`).join(' | ')} | p99 ${n(last)} ÷ ${n(first)} |`,
    `|---|${sizes.map(() => '---:').join('|')}|---:|`,
    ...names.map((name) => {
      const cells = sizes
        .map((s) => at(name, s))
        .map((r) => (r ? `${r.latencyMs.p50} / ${r.latencyMs.p99} · ${n(r.rps)}` : '—'));
      const [a, b] = [at(name, first), at(name, last)];
      return `| ${name} | ${cells.join(' | ')} | ${a && b && a.latencyMs.p99 > 0 ? (b.latencyMs.p99 / a.latencyMs.p99).toFixed(2) : '—'} |`;
    }),
    '',
    '| read | catalog | req/s | p50 | p90 | p99 | max | requests | errors · non-2xx | load avg before |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...report.results.map(
      (r: LoadResult) =>
        `| ${r.scenario} | ${n(r.catalogSize)} | ${n(r.rps)} | ${r.latencyMs.p50} | ${r.latencyMs.p90} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${n(r.requests)} | ${r.errors} · ${r.non2xx} | ${r.loadAverageBefore.join(' ')} |`,
    ),
    '',
    `![p50/p99 latency by catalog size](${chartFile})`,
    '',
    ...(report.notes.length ? ['## Notes', '', ...report.notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
}
