import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePlan } from './options.js';
import { startBenchSystem } from './system.js';
import { startKoaCeiling } from './load/koa-ceiling.js';
import { runLoad, type LoadResult, type Scenario } from './load/run-load.js';
import { cpuPerRequest, readCpu } from './load/cpu-usage.js';
import { prepareMarketplace, type Marketplace } from './prepare.js';
import { growCatalog } from './seed/catalog.js';
import { refreshSessions } from './seed/accounts.js';
import { clearCarts, createHotProducts, fillCarts, listedProductIds, sampleProductIds } from './seed/shop.js';
import { getJson } from './seed/requests.js';
import { allScenarios, burstScenario, BURST_STOCK, type ScenarioContext } from './scenarios.js';
import { describeMachine } from './report/machine.js';
import { newestProfile, summariseProfile } from './report/cpu-profile.js';
import { latencyChart } from './report/latency-chart.js';
import { floorText, renderMarkdown } from './report/markdown.js';
import { checkFloors } from './report/floors.js';
import type { BenchReport } from './report/bench-report.js';
import type { ProcessName } from '@agora/test-kit';

/** `npm run bench -- [--db sqlite|mysql] [--quick] …`: seeds a running system, loads it with autocannon and writes bench/results/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const log = (message: string) => console.log(`[bench] ${message}`);
const MILLION = 1_000_000;
const SEEDING_BUDGET_SECONDS = 120;

const plan = parsePlan(process.argv.slice(2));
const startedAt = new Date();
const runName = `${startedAt.toISOString().slice(0, 10)}-${plan.db}${plan.quick ? '-quick' : ''}`;
const workDir = path.join(ROOT, 'bench/.work', `${runName}-${startedAt.getTime()}`);
const dataDir = path.join(workDir, 'data');
const machine = await describeMachine(plan.db);
log(`${runName}: load average ${machine.loadAverageAtStart.join(' ')} on ${machine.cpus} CPUs`);

if (!plan.source && plan.build) {
  log('building dist/ (npm run build:dist; --no-build skips it)');
  const build = spawnSync('npm', ['run', 'build:dist'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (build.status !== 0)
    throw new Error(`npm run build:dist failed:\n${build.stdout.slice(-4000)}${build.stderr.slice(-2000)}`);
}
const koa = await startKoaCeiling();
const system = await startBenchSystem(plan.db, workDir, { source: plan.source, nodeArgs: plan.nodeArgs });
const results: LoadResult[] = [];
const notes: string[] = [];
const catalog: BenchReport['seeding']['catalog'] = [];
let market: Marketplace | undefined;
const profiles: BenchReport['profiles'] = [];
let manyProductIds: string[] | undefined;

const wanted = (scenario: Scenario) =>
  scenario.target === 'koa' || plan.only.length === 0 || plan.only.some((part) => scenario.name.includes(part));

async function measure(scenario: Scenario, catalogSize: number): Promise<LoadResult | undefined> {
  if (!wanted(scenario)) return undefined;
  const cpuBefore = scenario.target === 'koa' ? undefined : await readCpu(system.processes);
  const result = await runLoad(scenario, {
    connections: plan.connections,
    durationSeconds: plan.durationSeconds,
    catalogSize,
  });
  if (cpuBefore) result.cpuMsPerRequest = cpuPerRequest(cpuBefore, await readCpu(system.processes), result.requests);
  results.push(result);
  const cpu = Object.entries(result.cpuMsPerRequest ?? {})
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ');
  log(
    `${scenario.name} @ ${catalogSize}: ${result.rps} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}${cpu ? `; CPU ms/request: ${cpu}` : ''}`,
  );
  return result;
}

async function contextAt(m: Marketplace): Promise<ScenarioContext> {
  const categories = await getJson<{ items: Array<{ name: string }> }>(`${system.url('inventory')}/categories`);
  return {
    koaUrl: koa.url,
    authUrl: system.url('auth'),
    inventoryUrl: system.url('inventory'),
    ordersUrl: system.url('orders'),
    aggregatorUrl: system.url('aggregator'),
    aggregatorHasCatalog: m.aggregatorHasCatalog,
    productIds: await sampleProductIds(system.url('inventory')),
    manyProductIds: (manyProductIds ??= await listedProductIds(system.url('inventory'), 2_000)),
    hotProductIds: m.hotProductIds,
    categories: categories.items.map((c) => c.name),
    shoppers: m.shoppers,
    seller: m.sellers[0],
    checkoutBuyers: m.checkoutBuyers,
    checkoutConnections: plan.checkoutConnections,
  };
}

/** The prepared buyers' carts refilled with one unit of a fresh product that has BURST_STOCK, then all of them check out at once. */
async function measureBurst(m: Marketplace, total: number): Promise<void> {
  const burst = burstScenario(await contextAt(m));
  if (!wanted(burst)) return;
  const [product] = await createHotProducts(system.url('inventory'), m.sellers.slice(0, 1), BURST_STOCK);
  await clearCarts(system.url('inventory'), m.checkoutBuyers);
  await fillCarts(system.url('inventory'), m.checkoutBuyers, [product]);
  await measure(burst, total);
}

/** Grows the catalog round by round and runs the catalog scenarios at each size; everything else once, at the first size. */
async function runRounds(m: Marketplace): Promise<void> {
  const sizes = [...plan.catalogSizes];
  let total = 0;
  for (let round = 0; round < sizes.length; round++) {
    log(`growing the catalog to ${sizes[round]}`);
    const growth = await growCatalog(
      system.databaseUrls.inventory,
      dataDir,
      m.sellers.map((s) => s.id),
      sizes[round] - total,
      round + 1,
    );
    total = sizes[round];
    catalog.push({ ...growth, totalAfter: total });
    log(`seeded ${growth.added} products at ${growth.productsPerSecond}/s`);
    if (plan.tryMillion && round === sizes.length - 1 && total < MILLION) {
      const projected = Math.round((MILLION - total) / growth.productsPerSecond);
      if (projected < SEEDING_BUDGET_SECONDS) sizes.push(MILLION);
      else
        notes.push(
          `1M products not tried: at ${growth.productsPerSecond} products/s the remaining ${MILLION - total} would take ~${projected} s to seed (budget ${SEEDING_BUDGET_SECONDS} s).`,
        );
    }
    const scenarios = allScenarios(await contextAt(m));
    if (round === 0) {
      await measure(scenarios.ceiling, total);
      for (const scenario of scenarios.accounts) await measure(scenario, total);
      await measure(scenarios.checkout, total);
      await measureBurst(m, total);
      for (const scenario of scenarios.cacheHostile) await measure(scenario, total);
    }
    for (const scenario of scenarios.catalog) await measure(scenario, total);
    if (round === sizes.length - 1 && scenarios.mixed) {
      await refreshSessions(system.url('auth'), m.shoppers);
      await measure(scenarios.mixed, total);
    }
  }
}

const PROFILED: Array<{ scenario: string; processes: ProcessName[] }> = [
  { scenario: 'checkout (aggregator)', processes: ['aggregator', 'inventory', 'orders', 'payments'] },
  { scenario: 'catalog page, uncached (aggregator)', processes: ['aggregator', 'inventory'] },
  { scenario: 'GET /orders (aggregator)', processes: ['aggregator', 'orders'] },
];

/** Runs the headline paths again with the processes they reach under the V8 profiler; the top self-time functions of each go into the report. */
async function profileHeadlines(m: Marketplace): Promise<void> {
  for (const { scenario: name, processes } of PROFILED) {
    const scenarios = allScenarios(await contextAt(m));
    const scenario = [scenarios.checkout, ...scenarios.cacheHostile, ...scenarios.accounts].find(
      (s) => s.name === name,
    );
    if (!scenario || !wanted(scenario)) continue;
    if (name.startsWith('checkout')) {
      await refreshSessions(system.url('auth'), m.checkoutBuyers);
      await fillCarts(system.url('inventory'), m.checkoutBuyers, m.hotProductIds);
    }
    const profileDir = path.join(workDir, 'profiles', name.replace(/[^a-z]+/gi, '-'));
    const spawnedAt = Date.now();
    const profiled = await system.profile(processes, profileDir);
    log(`profiling ${processes.join(', ')} on ${scenario.name}`);
    const loadStarted = Date.now();
    await runLoad(scenario, {
      connections: plan.connections,
      durationSeconds: plan.durationSeconds,
      catalogSize: plan.catalogSizes[0],
    });
    // Counted from the spawn, which is a little before the profiler starts: the window may begin a moment late, never early.
    const window = { skipMs: loadStarted - spawnedAt, durationMs: Date.now() - loadStarted };
    await profiled.stop();
    for (const process of processes) {
      const file = newestProfile(path.join(profileDir, process));
      if (file) profiles.push({ scenario: scenario.name, process, summary: summariseProfile(file, window, 8) });
    }
  }
}

try {
  market = await prepareMarketplace(plan, system, dataDir);
  if (!market.aggregatorHasCatalog) {
    notes.push(
      'The aggregator answered 404 for /api/v1/products: its catalog, seller-product and cart routes are not registered in aggregator/src/app.ts yet, so the catalog rows through the aggregator and the mixed shopper workload (which needs /api/v1/cart) were left out. Checkout carts were filled on inventory directly.',
    );
  }
  await runRounds(market);
  if (plan.profile) await profileHeadlines(market);
} finally {
  await system.stop();
  await koa.stop();
}

const report: BenchReport = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  plan,
  machine,
  seeding: { ...market!.seeding, catalog },
  results,
  profiles,
  notes,
};
const resultsDir = path.join(ROOT, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const chartFile = `${runName}-latency.svg`;
const catalogResults = results.filter((r) => r.scenario.includes('product') || r.scenario.startsWith('categories'));
writeFileSync(
  path.join(resultsDir, chartFile),
  latencyChart(catalogResults, `p99 / p50 latency by catalog size — ${plan.db}`),
);
writeFileSync(path.join(resultsDir, `${runName}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(resultsDir, `${runName}.md`), renderMarkdown(report, chartFile));
log(
  `wrote bench/results/${runName}.md, .json and ${chartFile} in ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s`,
);
for (const f of checkFloors(results)) {
  log(`floor ${f.holds ? 'holds' : 'MISSED'}: ${f.scenario} ${floorText(f)}: ${f.measured ?? '—'} (${f.detail})`);
}
