import { expect } from 'chai';
import { createLogger } from '@agora/logger';
import { LogCollector } from '@agora/test-kit';
import { OutboxSender, type Outbox } from '@agora/jobs';

interface Message {
  id: string;
  attempts: number;
}

/** An outbox in memory that records what the sender did to each row. */
function memoryOutbox(rows: Message[], options: { claimable?: (row: Message) => boolean } = {}) {
  const done: Array<[string, string, number]> = [];
  const outbox: Outbox<Message> = {
    due: async (_now, limit) => rows.slice(0, limit),
    markSent: async (row, attempts) => void done.push(['sent', row.id, attempts]),
    markFailed: async (row, attempts, _next, error) => void done.push([`failed: ${error}`, row.id, attempts]),
    ...(options.claimable ? { claim: async (row: Message) => options.claimable!(row) } : {}),
  };
  return { outbox, done };
}

function sender(outbox: Outbox<Message>, send: (row: Message) => Promise<void>, logs: LogCollector, leaseMs?: number) {
  const log = createLogger({ service: 'jobs-test', stdout: logs });
  return new OutboxSender(outbox, {
    name: 'sample_sender',
    send,
    describe: (row) => ({ message_id: row.id }),
    events: { sent: 'sample_sent', failed: 'sample_failed' },
    log,
    intervalMs: 60_000,
    backoffMs: 100,
    maxBackoffMs: 1_000,
    leaseMs,
  });
}

describe('jobs: an outbox sender', () => {
  it('marks a confirmed row sent and a refused one failed with its attempt count, and logs both', async () => {
    const logs = new LogCollector();
    const { outbox, done } = memoryOutbox([
      { id: 'a', attempts: 0 },
      { id: 'b', attempts: 2 },
    ]);
    const sent = await sender(
      outbox,
      async (row) => (row.id === 'b' ? Promise.reject(new Error('refused')) : undefined),
      logs,
    ).sendDue();
    expect(sent).to.equal(1);
    expect(done).to.deep.equal([
      ['sent', 'a', 1],
      ['failed: refused', 'b', 3],
    ]);
    expect(logs.records().map((r) => [r.event, r.message_id])).to.deep.include.members([
      ['sample_sent', 'a'],
      ['sample_failed', 'b'],
    ]);
  });

  it('skips a row another replica claimed', async () => {
    const calls: string[] = [];
    const { outbox, done } = memoryOutbox(
      [
        { id: 'mine', attempts: 0 },
        { id: 'theirs', attempts: 0 },
      ],
      { claimable: (row) => row.id === 'mine' },
    );
    await sender(outbox, async (row) => void calls.push(row.id), new LogCollector(), 1_000).sendDue();
    expect(calls).to.deep.equal(['mine']);
    expect(done).to.deep.equal([['sent', 'mine', 1]]);
  });

  it('refuses an outbox that claims rows without a lease', () => {
    const { outbox } = memoryOutbox([], { claimable: () => true });
    expect(() => sender(outbox, async () => undefined, new LogCollector())).to.throw(/leaseMs/);
  });
});
