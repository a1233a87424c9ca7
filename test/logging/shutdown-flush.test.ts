import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { expect } from 'chai';
import { dropTestDatabases, freePort, startProcess, testDatabaseUrl, waitFor } from '@agora/test-kit';
import { ForwardReceiver } from './forward-receiver.js';

/** The bunyan records a process printed on stdout (other lines, e.g. Node's warnings, are not records). */
function stdoutRecords(output: string[]): Array<Record<string, any>> {
  return output.flatMap((line) => {
    try {
      const record = JSON.parse(line);
      return record && typeof record === 'object' && 'level' in record && 'service' in record ? [record] : [];
    } catch {
      return [];
    }
  });
}

describe('logging: a process stopped by SIGTERM flushes its Fluentd queue, and each record goes one way only', function () {
  this.timeout(120_000);
  let receiver: ForwardReceiver;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'agora-shutdown-'));
  const inventoryEnv = async (fluentPort: number) => ({
    NODE_ENV: 'test',
    AGORA_DATA_DIR: dataDir,
    DATABASE_URL: await testDatabaseUrl('inventory'),
    FLUENT_HOST: '127.0.0.1',
    FLUENT_PORT: String(fluentPort),
  });

  before(async () => {
    receiver = await ForwardReceiver.start();
  });
  after(async () => {
    await receiver?.close();
    await dropTestDatabases();
  });

  it('delivers the shutdown records to Fluentd before the exit, and prints no record on stdout', async () => {
    const inventory = await startProcess('inventory', await inventoryEnv(receiver.port));
    const tagged = () => receiver.tagged('agora.inventory');
    await waitFor(() => tagged().some((entry) => entry.record.event === 'listening'), {
      what: 'the listening record in Fluentd',
      timeoutMs: 20_000,
    });
    await inventory.stop();
    expect(inventory.running()).to.equal(false);
    const events = tagged().map((entry) => entry.record.event);
    expect(events).to.include.members(['shutdown', 'shutdown_complete']);
    // The node's Fluentd collects stdout: a record printed there too would arrive twice.
    expect(stdoutRecords(inventory.output), inventory.output.join('\n')).to.deep.equal([]);
  });

  it('with Fluentd unreachable, prints what it could not forward on stdout at the exit, each record once', async () => {
    const nobody = await freePort();
    const inventory = await startProcess('inventory', await inventoryEnv(nobody));
    await inventory.stop();
    const records = stdoutRecords(inventory.output);
    expect(
      records.map((record) => record.event),
      inventory.output.join('\n'),
    ).to.include.members(['listening', 'shutdown', 'shutdown_complete']);
    const lines = records.map((record) => JSON.stringify(record));
    expect(new Set(lines).size, 'no record printed twice').to.equal(lines.length);
    expect(receiver.tagged('agora.inventory').filter((entry) => entry.record.port === inventory.port)).to.deep.equal(
      [],
    );
  });
});
