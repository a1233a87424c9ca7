import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterProcess } from './mesh-settings.js';
import type { Host } from './network.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The compiled entry, as the images run it (`npm run build:dist` first). */
export const entryOf = (name: ClusterProcess) =>
  path.join(ROOT, name === 'aggregator' ? 'aggregator/dist/index.js' : `services/${name}/dist/index.js`);

export interface ReplicaOptions {
  name: ClusterProcess;
  id: string;
  host: Host;
  port: number;
  env: Record<string, string>;
  logFile: string;
  /** Every line the process prints, besides the log file. */
  onLine?: (line: string) => void;
  /** Called when the process exits without being asked to (a crash, a lost migration race). */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/** One replica: a compiled process on its own host, started, stopped, killed or frozen on demand. */
export class Replica {
  private child?: ChildProcess;
  private expectingExit = false;
  private readonly log: WriteStream;
  /** Exits nobody asked for, since the replica was created. */
  unexpectedExits = 0;

  constructor(readonly options: ReplicaOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get id(): string {
    return this.options.id;
  }
  get name(): ClusterProcess {
    return this.options.name;
  }
  get url(): string {
    return `http://${this.options.host.address}:${this.options.port}`;
  }

  running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const [command, ...prefix] = [...this.options.host.exec, process.execPath];
    const child = spawn(command!, [...prefix, entryOf(this.options.name)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.options.env, PORT: String(this.options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.expectingExit = false;
    let pending = '';
    const collect = (chunk: Buffer) => {
      this.log.write(chunk);
      if (!this.options.onLine) return;
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) this.options.onLine(line);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', (code, signal) => {
      if (this.expectingExit || this.child !== child) return;
      this.unexpectedExits++;
      this.log.write(`\n# exited unexpectedly (${signal ?? code})\n`);
      this.options.onUnexpectedExit?.(code, signal);
    });
  }

  /** Resolves once /readyz answers 200 on the replica's own address. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!this.running()) throw new Error(`${this.id} exited before it was ready (see ${this.options.logFile})`);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1_000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${this.id} was not ready within ${timeoutMs} ms (see ${this.options.logFile})`);
  }

  private async exit(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    const exited = once(child, 'exit');
    if (signal !== 'SIGKILL') child.kill('SIGCONT');
    child.kill(signal);
    await exited;
  }

  /** SIGTERM: the graceful shutdown a rollout does (drain, then exit). */
  stop(): Promise<void> {
    return this.exit('SIGTERM');
  }
  /** SIGKILL: a crash, no cleanup. */
  kill(): Promise<void> {
    return this.exit('SIGKILL');
  }
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }
  thaw(): void {
    this.child?.kill('SIGCONT');
  }
  close(): void {
    this.log.end();
  }
}
