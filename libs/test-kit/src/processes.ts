import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { once } from 'node:events';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

export type ProcessName = 'auth' | 'inventory' | 'orders' | 'payments' | 'aggregator';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The process's sources run through tsx (what the tests do), or its compiled `dist/` as the images run it. */
function commandOf(name: ProcessName, compiled: boolean): string[] {
  const dir = name === 'aggregator' ? path.join(ROOT, 'aggregator') : path.join(ROOT, 'services', name);
  return compiled
    ? [path.join(dir, 'dist/index.js')]
    : ['--conditions=development', '--import', 'tsx', path.join(dir, 'src/index.ts')];
}

export interface StartOptions {
  port?: number;
  readyTimeoutMs?: number;
  /** Run `dist/index.js` (built by `npm run build:dist`) instead of the sources. */
  compiled?: boolean;
  /** Node flags before the entry point, e.g. `--cpu-prof` (NODE_OPTIONS is cleared on purpose). */
  nodeArgs?: string[];
}

export interface ProcessHandle {
  name: ProcessName;
  port: number;
  url: string;
  /** Where the process serves GET /metrics (METRICS_PORT). */
  metricsUrl: string;
  /** Everything the process printed (JSON log lines). */
  output: string[];
  env: Record<string, string>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, no cleanup. */
  kill(): Promise<void>;
  /** Starts the process again on the same port, with the same environment but for `changes` (e.g. a new key; undefined unsets). */
  restart(changes?: Record<string, string | undefined>): Promise<void>;
  /** Sends a signal, e.g. SIGSTOP to make the process hang and SIGCONT to resume it. */
  signal(signal: NodeJS.Signals): void;
  running(): boolean;
}

/** How long a process may take to answer /readyz under test: a loaded machine starts five of them at once through tsx. */
export const READY_TIMEOUT_MS = 90_000;

/**
 * Starts one of our processes from its sources (through tsx) or its compiled dist, on a
 * free port, and waits until it answers /readyz.
 */
export async function startProcess(
  name: ProcessName,
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<ProcessHandle> {
  const port = options.port ?? (await freePort());
  // Every process serves /metrics on a port of its own: always a free one, even when `env` is
  // another handle's (a second replica started from the first one's environment).
  const metricsPort = await freePort();
  const fullEnv: Record<string, string> = {
    ...env,
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: env.LOG_LEVEL ?? process.env.AGORA_TEST_LOG_LEVEL ?? 'info',
  };
  const output: string[] = [];
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...commandOf(name, options.compiled ?? false)], {
      env: { ...process.env, ...fullEnv, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: ROOT,
    });
    const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const exited = once(child, 'exit');
    const ready = waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        return res.status === 200;
      },
      { timeoutMs: options.readyTimeoutMs ?? READY_TIMEOUT_MS, what: `${name} to be ready`, intervalMs: 100 },
    );
    const outcome = await Promise.race([ready.then(() => 'ready'), exited.then(() => 'exited')]).catch((err) => {
      // Never ready: kill it, or the orphan keeps its port and CPU after the test has failed.
      child.kill('SIGKILL');
      throw err;
    });
    if (outcome === 'exited') throw new Error(`${name} exited during start:\n${output.slice(-20).join('\n')}`);
  };

  const waitExit = async (signal: NodeJS.Signals) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };

  await launch();
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    output,
    env: fullEnv,
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    restart: async (changes = {}) => {
      await waitExit('SIGTERM');
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined) delete fullEnv[name];
        else fullEnv[name] = value;
      }
      await launch();
    },
    running: () => child.exitCode === null && child.signalCode === null,
    signal: (signal) => {
      child.kill(signal);
    },
  };
}
