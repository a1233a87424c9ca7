import type { LoadResult } from '../load/run-load.js';
import type { BenchReport } from './bench-report.js';
import { checkFloors, type Floor } from './floors.js';

const n = (value: number) => value.toLocaleString('en');
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}` : '—');

function statusSummary(r: LoadResult): string {
  const odd = Object.entries(r.statusCodes).filter(([code]) => !code.startsWith('2'));
  const codes = odd.map(([code, count]) => `${count}×${code}`).join(' ');
  return `${r.errors}/${r.timeouts} · ${r.non2xx}${codes ? ` (${codes})` : ''}`;
}

/** `aggregator 0.61 · inventory 0.35`: the CPU each process spent per request during the row. */
function cpuSummary(r: LoadResult): string {
  const parts = Object.entries(r.cpuMsPerRequest ?? {}).map(([name, ms]) => `${name} ${ms}`);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

function resultsTable(report: BenchReport): string[] {
  const koa = report.results.find((r) => r.target === 'koa');
  const directOf = (r: LoadResult) =>
    report.results.find((d) => d.scenario === r.directOf && d.catalogSize === r.catalogSize);
  const rows = report.results.map((r) => {
    const direct = directOf(r);
    return `| ${r.scenario} | ${n(r.catalogSize)} | ${n(r.rps)} | ${r.latencyMs.p50} | ${r.latencyMs.p90} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${n(r.requests)} | ${statusSummary(r)} | ${direct ? `${ratio(r.rps, direct.rps)} / ${ratio(r.latencyMs.p50, direct.latencyMs.p50)}` : '—'} | ${ratio(r.rps, koa?.rps)} | ${cpuSummary(r)} | ${r.loadAverageBefore.join(' ')} |`;
  });
  return [
    '| scenario | catalog | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors/timeouts · non-2xx | vs direct: rps ratio / p50 ratio | rps ÷ bare Koa | CPU ms per request, by process | load avg before (1/5/15 min) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|---|',
    ...rows,
  ];
}

function scaleTable(report: BenchReport): string[] {
  const byCatalog = report.results.filter((r) =>
    report.results.some((o) => o.scenario === r.scenario && o.catalogSize !== r.catalogSize),
  );
  const sizes = [...new Set(byCatalog.map((r) => r.catalogSize))].sort((a, b) => a - b);
  if (sizes.length < 2) return ['(one catalog size only in this run)'];
  const names = [...new Set(byCatalog.map((r) => r.scenario))];
  return [
    `| scenario | ${sizes.map((s) => `p50 / p99 ms @ ${n(s)}`).join(' | ')} | req/s ${sizes.map(n).join(' → ')} |`,
    `|---|${sizes.map(() => '---:').join('|')}|---|`,
    ...names.map((name) => {
      const at = sizes.map((s) => byCatalog.find((r) => r.scenario === name && r.catalogSize === s));
      return `| ${name} | ${at.map((r) => (r ? `${r.latencyMs.p50} / ${r.latencyMs.p99}` : '—')).join(' | ')} | ${at.map((r) => (r ? n(r.rps) : '—')).join(' → ')} |`;
    }),
  ];
}

function seedingLines(report: BenchReport): string[] {
  const { signups, catalog, orders } = report.seeding;
  return [
    `- Accounts: ${signups.users} sign-ups on auth's \`POST /auth/signup\` in ${(signups.durationMs / 1000).toFixed(1)} s (${signups.perSecond}/s; argon2id hashing in auth).`,
    ...catalog.map(
      (c) =>
        `- Catalog: +${n(c.added)} products → ${n(c.totalAfter)} in ${(c.durationMs / 1000).toFixed(1)} s (${n(c.productsPerSecond)} products/s, inventory seed module: 1,000-row inserts in 20,000-product transactions, search index alongside, counts rebuilt at the end; start-up of the seed command excluded).`,
    ),
    `- Orders: ${n(orders.throughApi.orders)} through the orders internal API (PUT /internal/orders/{id} + paid transition) at ${n(orders.throughApi.ordersPerSecond)} orders/s; ${n(orders.bulk.orders)} bulk-inserted straight into the orders database at ${n(orders.bulk.ordersPerSecond)} orders/s (2 lines, 2 shipments each).`,
  ];
}

export function floorText(f: Floor): string {
  if (f.kind === 'ratio of bare Koa') return `≥ ${f.floor} of bare Koa`;
  if (f.kind === 'stampede') return `exactly ${f.floor} × 201, the rest 409, no 503`;
  return `≥ ${f.floor}/s, all 201`;
}

function floorLines(report: BenchReport): string[] {
  return [
    '| path | floor | measured | holds | from |',
    '|---|---:|---:|---|---|',
    ...checkFloors(report.results).map(
      (f) => `| ${f.scenario} | ${floorText(f)} | ${f.measured ?? '—'} | ${f.holds ? 'yes' : '**no**'} | ${f.detail} |`,
    ),
  ];
}

function profileLines(report: BenchReport): string[] {
  if (!report.profiles.length) return ['(no profile taken in this run)'];
  return report.profiles.flatMap(({ scenario, process, summary }) => [
    `**${process}** under \`--cpu-prof\` while running **${scenario}** (${summary.totalMs} ms of non-idle samples, ${summary.file}; not committed). By area: ${summary.byArea
      .slice(0, 6)
      .map((a) => `${a.area} ${a.percent} %`)
      .join(', ')}.`,
    '',
    '| self ms | % | function | where |',
    '|---:|---:|---|---|',
    ...summary.top.map((f) => `| ${f.selfMs} | ${f.percent} | \`${f.name}\` | ${f.where} |`),
    '',
  ]);
}

export function renderMarkdown(report: BenchReport, chartFile: string): string {
  const m = report.machine;
  const plan = report.plan;
  return [
    `# Agora benchmark — ${report.startedAt.slice(0, 10)}, ${plan.db}${plan.quick ? ' (quick)' : ''}`,
    '',
    `Run \`npm run bench -- --db ${plan.db}${plan.quick ? ' --quick' : ''}\` from ${report.startedAt} to ${report.finishedAt}, commit ${m.gitCommit}.`,
    plan.source
      ? 'Every service and the aggregator ran as its own process from sources through tsx (NODE_ENV=production, LOG_LEVEL=warn), on 127.0.0.1;'
      : 'Every service and the aggregator ran as its own process from its compiled dist/ (`node dist/index.js`, NODE_ENV=production, LOG_LEVEL=warn) as the images run them, on 127.0.0.1;',
    ...(plan.nodeArgs.length > 0
      ? [`Node flags of every service and the aggregator: \`${plan.nodeArgs.join(' ')}\`.`]
      : []),
    `autocannon ran in the bench process with ${plan.connections} connections for ${plan.durationSeconds} s per scenario (checkout: ${plan.checkoutBuyers} prepared buyers, one request each, ${plan.checkoutConnections} at a time).`,
    '',
    '## Machine',
    '',
    `- ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB memory, ${m.platform}, Node ${m.node}, ${m.database}.`,
    `- Load average at start: ${m.loadAverageAtStart.join(' / ')} (1/5/15 min). **The machine was shared with other test runs**; each row below carries the load average taken just before it. Treat absolute figures as a lower bound and compare rows of the same run.`,
    '',
    '## Seeding',
    '',
    ...seedingLines(report),
    '',
    '## Floors',
    '',
    'Each floor against the bare Koa hello of this same run (cache-hostile rows: no two requests alike).',
    '',
    ...floorLines(report),
    '',
    '## Results',
    '',
    'Latency in ms (autocannon, end to end from 127.0.0.1). "vs direct" compares an aggregator row with the same request sent straight to the service (rps ratio < 1 and p50 ratio > 1 are the aggregator\'s cost). "rps ÷ bare Koa" compares with the Koa hello ceiling on this machine. "CPU ms per request" is what each of our processes spent (process_cpu_seconds_total from its /metrics, before and after the row, over the requests): it hardly moves when other work shares the machine, so changes to a hot path are judged by it.',
    '',
    ...resultsTable(report),
    '',
    '## Latency by catalog size',
    '',
    ...scaleTable(report),
    '',
    `![p50/p99 latency by catalog size](${chartFile})`,
    '',
    '## Profiles of the headline paths',
    '',
    ...profileLines(report),
    '',
    ...(report.notes.length ? ['## Notes', '', ...report.notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
}
