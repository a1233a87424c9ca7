import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export class SeedOverBudget extends Error {
  override name = 'SeedOverBudget';
}

export interface CatalogGrowth {
  added: number;
  /** The seed command's own insert time (its start-up through tsx is left out). */
  durationMs: number;
  productsPerSecond: number;
}

/**
 * Adds `count` products straight into the inventory database with the inventory's own
 * seed command (services/inventory/src/seed/cli.ts: batched bulk inserts), a different
 * seed per round so every round adds new ids.
 */
export async function growCatalog(
  databaseUrl: string,
  dataDir: string,
  sellerIds: string[],
  count: number,
  seed: number,
  timeoutMs?: number,
): Promise<CatalogGrowth> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=development',
      '--import',
      'tsx',
      'services/inventory/src/seed/cli.ts',
      '--sellers',
      sellerIds.join(','),
      '--products',
      String(count),
      '--seed',
      String(seed),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, AGORA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  // A seed past its time budget is stopped: the run reports the sizes it reached.
  const budget = timeoutMs ? setTimeout(() => child.kill('SIGTERM'), timeoutMs) : undefined;
  const [code] = await once(child, 'exit');
  clearTimeout(budget);
  if (code === null) throw new SeedOverBudget(`catalog seed of ${count} products stopped after ${timeoutMs} ms`);
  if (code !== 0) throw new Error(`catalog seed exited with ${code}: ${output}`);
  const seeded = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { event?: string; duration_ms?: number })
    .find((line) => line.event === 'catalog_seeded');
  if (!seeded?.duration_ms) throw new Error(`catalog seed printed no catalog_seeded line: ${output}`);
  const durationMs = Math.max(seeded.duration_ms, 1);
  return { added: count, durationMs, productsPerSecond: Math.round((count / durationMs) * 1000) };
}
