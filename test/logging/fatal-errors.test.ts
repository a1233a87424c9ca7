import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { freePort, waitFor } from '@agora/test-kit';
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
    it(`logs an ${event.replace('_', ' ')} as fatal in Fluentd (not on stdout as well), then exits 1`, async () => {
      const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', FIXTURE], {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', FLUENT_PORT: String(receiver.port), CRASH: crash },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
      const exited = once(child, 'exit');
      const before = receiver.tagged('agora.fatal-fixture').length;
      await waitFor(
        () =>
          receiver
            .tagged('agora.fatal-fixture')
            .slice(before)
            .some((r) => r.record.event === 'started'),
        { timeoutMs: 30_000, what: 'the fixture to log through Fluentd' },
      );
      child.kill('SIGUSR2');
      const [code] = await exited;
      expect(code).to.equal(1);
      const forwarded = receiver
        .tagged('agora.fatal-fixture')
        .slice(before)
        .find((r) => r.record.event === event);
      expect(forwarded, 'the fatal record reached Fluentd before the exit').to.not.equal(undefined);
      expect(forwarded!.record).to.deep.include({ level: 60 });
      expect(forwarded!.record.err.message).to.equal(message);
      // The node's Fluentd collects stdout: a record printed there too would arrive twice.
      expect(
        lines.filter((line) => line.includes(event)),
        'the record is not on stdout as well',
      ).to.deep.equal([]);
    });
  }

  it('prints the fatal record on stdout when Fluentd cannot take it, so the node collector still gets it', async () => {
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', FIXTURE], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', FLUENT_PORT: String(await freePort()), CRASH: 'exception' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    let armed = false;
    child.stderr!.on('data', (chunk: Buffer) => (armed ||= chunk.toString('utf8').includes('armed')));
    const exited = once(child, 'exit');
    await waitFor(() => armed, { what: 'the fixture to arm its handlers', timeoutMs: 30_000 });
    child.kill('SIGUSR2');
    const [code] = await exited;
    expect(code).to.equal(1);
    const records = lines.map((line) => JSON.parse(line));
    expect(records.map((record) => record.event)).to.include.members(['started', 'uncaught_exception']);
    expect(records.find((record) => record.event === 'uncaught_exception')).to.deep.include({ level: 60 });
  });
});
