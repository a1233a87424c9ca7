// `npm run start:cluster`: the system as the cluster runs it, on this machine (see README,
// "Running it as the cluster does"). Two compiled replicas of every process, each on its own
// host (network namespace) when the machine allows it, HAProxy in front with the mesh's
// settings, MariaDB and Redis. One line tells the URLs; Ctrl-C stops everything.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@agora/test-kit';
// @ts-expect-error: plain ESM scripts shared with `npm start`, without declarations.
import { prettyLine } from '../../scripts/pretty-log.mjs';
// @ts-expect-error: as above.
import { seedDemo } from '../../scripts/seed-demo.mjs';
import { clusterEnvironment } from './environment.js';
import { startCluster, type Cluster } from './cluster.js';
import { CLUSTER_PROCESSES } from './mesh-settings.js';
import { entryOf } from './replica.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const missing = CLUSTER_PROCESSES.map(entryOf).filter((entry) => !existsSync(entry));
if (missing.length) {
  console.error(
    `Not compiled yet (${missing.map((m) => path.relative(root, m)).join(', ')}): run \`npm run build:dist\` first.`,
  );
  process.exit(1);
}

const environment = clusterEnvironment();
const runDir = path.join(root, 'data', 'cluster');
const colors: Record<string, number> = { auth: 33, inventory: 32, orders: 36, payments: 35, aggregator: 34 };
let cluster: Cluster | undefined;
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the cluster…');
  await cluster?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  cluster = await startCluster({
    ...environment,
    runDir,
    freshDatabases: false,
    restartAfterMs: 1_000,
    freePort,
    onLine: (replica, line) =>
      console.log(`\x1b[${colors[replica.name]}m${replica.id.padEnd(12)}\x1b[0m| ${prettyLine(line)}`),
  });
  // The databases outlive data/cluster: demo accounts created by an earlier run whose file is gone stay as they are.
  const seeded = await seedDemo({ baseUrl: cluster.url, dataDir: runDir }).catch(
    (err: Error) =>
      `not created (${err.message}); drop the ${environment.databasePrefix}_* databases for a fresh start`,
  );
  console.log(
    `\nAgora cluster is up (${environment.replicas} replicas each, ${cluster.network.kind === 'netns' ? `own hosts ${environment.subnet}/24` : 'loopback ports'}): ` +
      `API ${cluster.url}/api/v1  docs ${cluster.url}/docs  ` +
      CLUSTER_PROCESSES.map((n) => `${n === 'aggregator' ? 'aggregator-internal' : n} ${cluster!.serviceUrls[n]}`).join(
        '  ',
      ) +
      `  load balancer ${cluster.statsUrl}, config ${path.relative(root, path.join(runDir, 'haproxy.cfg'))}, logs ${path.relative(root, path.join(runDir, 'logs'))}/` +
      `\nDemo accounts: ${seeded}\nCtrl-C stops everything.\n`,
  );
} catch (err) {
  console.error(String(err instanceof Error ? err.stack : err));
  await stop(1);
}
