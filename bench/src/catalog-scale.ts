import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import type { RequestStep } from 'autocannon';
import { freePort, startProcess } from '@agora/test-kit';
import type { DatabaseKind } from './options.js';
import { runLoad, type LoadResult, type Scenario } from './load/run-load.js';
import { growCatalog, SeedOverBudget, type CatalogGrowth } from './seed/catalog.js';
import { sampleProductIds } from './seed/shop.js';
import { getJson } from './seed/requests.js';
import { describeMachine } from './report/machine.js';
import { latencyChart } from './report/latency-chart.js';
import { renderCatalogScale, type CatalogScaleReport } from './report/catalog-scale-markdown.js';

/**
 * `npm run bench:catalog -- [--db sqlite|mysql] [--sizes 10000,100000,1000000] [--duration S] [--connections C] [--seed-budget S]
 *   [--database-url URL --append]`: with --database-url the catalog already there is measured (and grown only
 *   to sizes beyond it); --append adds this run's rows to today's report of that database instead of replacing it.
 * The uncached catalog reads straight to inventory (one process, nothing else started) as
 * the catalog grows through the bulk seed path: list, q= (common and rare words), category,
 * by id and /categories, p99 at every size. Writes bench/results/<date>-<db>-catalog-scale.{md,json,svg}.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const log = (message: string) => console.log(`[bench:catalog] ${message}`);
const n = (value: number) => value.toLocaleString('en');
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    db: { type: 'string', default: 'sqlite' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    'seed-budget': { type: 'string', default: '900' },
    'database-url': { type: 'string' },
    append: { type: 'boolean', default: false },
  },
});
if (values.db !== 'sqlite' && values.db !== 'mysql') throw new Error(`--db must be sqlite or mysql, not ${values.db}`);
const db = values.db as DatabaseKind;
const sizes = values
  .sizes!.split(',')
  .map((s) => Number(s.replace(/_/g, '')))
  .sort((a, b) => a - b);
const plan = {
  db,
  sizes,
  durationSeconds: Number(values.duration),
  connections: Number(values.connections),
  seedBudgetSeconds: Number(values['seed-budget']),
};

/** The bench's usual searches (common words of the seeded vocabulary), and rarer ones that only the full-text index finds quickly. */
const COMMON = ['oak', 'ceramic teapot', 'handmade', 'linen napkins', 'vintage steel', 'wool scarf'];
const RARE = [
  'nordic copper kite',
  'studio glass easel',
  'heritage linen atlas',
  'rustic bamboo webcam',
  'zeppelin',
  'deluxe wool honey jar',
];

function rotating(paths: string[]): RequestStep {
  let next = 0;
  return { setupRequest: (request) => ({ ...request, method: 'GET', path: paths[next++ % paths.length] }) };
}

function scenarios(url: string, categories: string[], productIds: string[]): Scenario[] {
  const q = (words: string[]) => rotating(words.map((w) => `/products?limit=20&q=${encodeURIComponent(w)}`));
  const reads: Array<[string, RequestStep]> = [
    ['products list', { method: 'GET', path: '/products?limit=20' }],
    ['products search q= common words', q(COMMON)],
    ['products search q= rare words', q(RARE)],
    [
      'products category=',
      rotating(categories.map((name) => `/products?limit=20&category=${encodeURIComponent(name)}`)),
    ],
    ['product by id', rotating(productIds.map((id) => `/products/${id}`))],
    ['categories', { method: 'GET', path: '/categories' }],
  ];
  return reads.map(([name, step]) => ({
    name: `${name} (inventory)`,
    target: 'inventory',
    url,
    requests: [step],
    byCatalogSize: true,
  }));
}

async function freshDatabaseUrl(workDir: string): Promise<string> {
  if (db === 'sqlite') return `sqlite:${path.join(workDir, 'data', 'inventory.sqlite')}`;
  const name = 'agora_inventory_catalog_scale';
  const connection = await mysql.createConnection('mysql://root@127.0.0.1:3306');
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  return `mysql://root@127.0.0.1:3306/${name}`;
}

async function measureAt(total: number): Promise<void> {
  const categories = (await getJson<{ items: Array<{ name: string }> }>(`${inventory.url}/categories`)).items.map(
    (c) => c.name,
  );
  for (const scenario of scenarios(inventory.url, categories, await sampleProductIds(inventory.url))) {
    const result = await runLoad(scenario, {
      connections: plan.connections,
      durationSeconds: plan.durationSeconds,
      catalogSize: total,
    });
    results.push(result);
    log(
      `${scenario.name} @ ${total}: ${result.rps} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
  }
}

const startedAt = new Date();
const runName = `${startedAt.toISOString().slice(0, 10)}-${db}-catalog-scale`;
const workDir = path.join(ROOT, 'bench/.work', `${runName}-${startedAt.getTime()}`);
mkdirSync(path.join(workDir, 'data'), { recursive: true });
const machine = await describeMachine(db);
const databaseUrl = values['database-url'] ?? (await freshDatabaseUrl(workDir));
const inventory = await startProcess(
  'inventory',
  { NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, AGORA_DATA_DIR: path.join(workDir, 'data') },
  { port: await freePort(), readyTimeoutMs: 120_000 },
);
const sellerIds = Array.from({ length: 4 }, () => randomUUID());
const results: LoadResult[] = [];
const seeding: Array<CatalogGrowth & { totalAfter: number }> = [];
const notes: string[] = [];
try {
  const listed = await getJson<{ items: Array<{ count: number }> }>(`${inventory.url}/categories`);
  let total = listed.items.reduce((sum, c) => sum + c.count, 0);
  if (total > 0) log(`the catalog already holds ${total} products`);
  for (const [round, size] of sizes.entries()) {
    if (size <= total) {
      await measureAt(total);
      continue;
    }
    log(`growing the catalog to ${size}`);
    const started = Date.now();
    const growth = await growCatalog(
      databaseUrl,
      path.join(workDir, 'data'),
      sellerIds,
      size - total,
      round + 1,
      plan.seedBudgetSeconds * 1000,
    ).catch((err) => {
      if (!(err instanceof SeedOverBudget)) throw err;
      notes.push(
        `Growing the catalog from ${n(total)} to ${n(size)} did not finish within the seed budget (${plan.seedBudgetSeconds} s, stopped after ${Math.round((Date.now() - started) / 1000)} s): sizes from ${n(size)} up were not measured.`,
      );
      return undefined;
    });
    if (!growth) break;
    total = size;
    seeding.push({ ...growth, totalAfter: total });
    log(`seeded ${growth.added} products in ${growth.durationMs} ms (${growth.productsPerSecond}/s)`);
    await measureAt(total);
  }
} finally {
  await inventory.stop();
}

const resultsDir = path.join(ROOT, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const reportFile = path.join(resultsDir, `${runName}.json`);
const earlier: CatalogScaleReport | undefined =
  values.append && existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined;
if (earlier)
  notes.push(
    `Rows at ${[...new Set(results.map((r) => n(r.catalogSize)))].join(', ')} products were measured by a later run (${startedAt.toISOString()}, commit ${machine.gitCommit}) on the database of ${values['database-url']}, appended to this report.`,
  );
const report: CatalogScaleReport = {
  startedAt: earlier?.startedAt ?? startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  plan: earlier
    ? { ...earlier.plan, sizes: [...new Set([...earlier.plan.sizes, ...sizes])].sort((a, b) => a - b) }
    : plan,
  machine: earlier?.machine ?? machine,
  seeding: [...(earlier?.seeding ?? []), ...seeding],
  results: [...(earlier?.results ?? []), ...results],
  notes: [...(earlier?.notes ?? []), ...notes],
};
writeFileSync(
  path.join(resultsDir, `${runName}-latency.svg`),
  latencyChart(report.results, `p99 / p50 latency by catalog size — inventory, ${db}`),
);
writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(resultsDir, `${runName}.md`), renderCatalogScale(report, `${runName}-latency.svg`));
log(`wrote bench/results/${runName}.md in ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s`);
