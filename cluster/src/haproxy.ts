import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running HAProxy (Debian's `haproxy`), with its admin socket for the state of each server. */
export class Haproxy {
  private constructor(
    private readonly child: ChildProcess,
    private readonly socket: string,
  ) {}

  /** Checks the configuration (`haproxy -c`), then runs it in the foreground until stop(). */
  static async start(configFile: string, socket: string, logFile: string): Promise<Haproxy> {
    execFileSync('haproxy', ['-c', '-q', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    const child = spawn('haproxy', ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const haproxy = new Haproxy(child, socket);
    const until = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`haproxy exited at start (see ${logFile})`);
      try {
        await haproxy.command('show info');
        return haproxy;
      } catch (err) {
        if (Date.now() > until) {
          child.kill('SIGKILL');
          throw err;
        }
        await sleep(100);
      }
    }
  }

  /** One command on the admin socket (`show stat`, `set server b/s state maint`, …), its answer. */
  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const connection = net.connect(this.socket);
      let answer = '';
      connection.setTimeout(5_000, () => connection.destroy(new Error(`haproxy did not answer "${line}"`)));
      connection.on('connect', () => connection.end(`${line}\n`));
      connection.on('data', (chunk) => (answer += chunk.toString('utf8')));
      connection.on('end', () => resolve(answer));
      connection.on('error', reject);
    });
  }

  /** Each server's status in each backend: `UP`, `DOWN`, `MAINT`, `UP 1/3`, … */
  async serverStatuses(): Promise<Array<{ backend: string; server: string; status: string }>> {
    const csv = await this.command('show stat');
    const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n');
    const columns = header!.split(',');
    const at = (name: string) => columns.indexOf(name);
    return rows
      .map((row) => row.split(','))
      .filter((cells) => !['FRONTEND', 'BACKEND'].includes(cells[at('svname')]!))
      .map((cells) => ({ backend: cells[at('pxname')]!, server: cells[at('svname')]!, status: cells[at('status')]! }));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
