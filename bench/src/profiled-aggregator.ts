import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@agora/test-kit';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The aggregator again, on the same port, under `--cpu-prof`. The test-kit's
 * startProcess clears NODE_OPTIONS on purpose, so the profiler flags go on this
 * one command line instead; V8 writes the profile on the process's own exit,
 * which the SIGTERM handler reaches through process.exit(0).
 */
export async function startProfiledAggregator(env: Record<string, string>, port: number, profileDir: string): Promise<{ stop(): Promise<void> }> {
  mkdirSync(profileDir, { recursive: true });
  const child = spawn(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--conditions=development', '--import', 'tsx', path.join(ROOT, 'aggregator/src/index.ts')],
    { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = once(child, 'exit');
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, { timeoutMs: 120_000, intervalMs: 100, what: 'the profiled aggregator' });
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
