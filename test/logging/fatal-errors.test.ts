import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { waitFor } from '@agora/test-kit';
import { ForwardReceiver } from './forward-receiver.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = path.join(ROOT, 'test/logging/fixtures/fatal-process.ts');

describe('a fatal error is logged through bunyan, flushed to Fluentd, and ends the process non-zero (API8)', function () {
  this.timeout(60_000);
  let receiver: ForwardReceiver;
  before(async () => {
    receiver = await ForwardReceiver.start();
  });
  after(async () => receiver?.close());

  for (const [crash, event, message] of [
    ['rejection', 'unhandled_rejection', 'nobody handled this'],
    ['exception', 'uncaught_exception', 'nobody caught this'],
  ] as const) {
    it(`logs an ${event.replace('_', ' ')} as fatal, on stdout and in Fluentd, then exits 1`, async () => {
      const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', FIXTURE], {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', FLUENT_PORT: String(receiver.port), CRASH: crash },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
      const exited = once(child, 'exit');
      const before = receiver.tagged('agora.fatal-fixture').length;
      await waitFor(() => receiver.tagged('agora.fatal-fixture').slice(before).some((r) => r.record.event === 'started'), { timeoutMs: 30_000, what: 'the fixture to log through Fluentd' });
      child.kill('SIGUSR2');
      const [code] = await exited;
      expect(code).to.equal(1);
      const fatal = lines.map((line) => JSON.parse(line)).find((record) => record.event === event);
      expect(fatal, lines.join('\n')).to.deep.include({ level: 60 });
      expect(fatal.err.message).to.equal(message);
      const forwarded = receiver.tagged('agora.fatal-fixture').slice(before).find((r) => r.record.event === event);
      expect(forwarded, 'the fatal record reached Fluentd before the exit').to.not.equal(undefined);
    });
  }
});
