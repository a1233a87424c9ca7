import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { once } from 'node:events';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

export type ProcessName = 'auth' | 'inventory' | 'orders' | 'payments' | 'aggregator';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function entryOf(name: ProcessName): string {
  return name === 'aggregator' ? path.join(ROOT, 'aggregator/src/index.ts') : path.join(ROOT, `services/${name}/src/index.ts`);
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

/**
 * Starts one of our processes from its sources (through tsx), on a free port, and
 * waits until it answers /readyz.
 */
export async function startProcess(name: ProcessName, env: Record<string, string>, options: { port?: number; readyTimeoutMs?: number } = {}): Promise<ProcessHandle> {
  const port = options.port ?? (await freePort());
  // Every process serves /metrics on a port of its own: always a free one, even when `env` is
  // another handle's (a second replica started from the first one's environment).
  const metricsPort = await freePort();
  const fullEnv: Record<string, string> = { ...env, PORT: String(port), METRICS_PORT: String(metricsPort), LOG_LEVEL: env.LOG_LEVEL ?? process.env.AGORA_TEST_LOG_LEVEL ?? 'info' };
  const output: string[] = [];
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entryOf(name)], {
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
      { timeoutMs: options.readyTimeoutMs ?? 30_000, what: `${name} to be ready`, intervalMs: 100 },
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
