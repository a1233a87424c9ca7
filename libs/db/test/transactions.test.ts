import os from 'node:os';
import { expect } from 'chai';
import {
  QueryTypes,
  isRetryableConflict,
  openDatabase,
  withTransaction,
  type Database,
  type Transaction,
} from '@agora/db';
import { dropTestDatabases, testDatabaseUrl, usingMysql } from '@agora/test-kit';

/** Resolves once `parties` callers have arrived: lines two transactions up at the same step. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived++;
    if (arrived === parties) open();
    return opened;
  };
}

describe(`db: transactions (${usingMysql ? 'MariaDB' : 'SQLite'})`, () => {
  let db: Database;
  let url: string;
  const balanceOf = async (id: number) => {
    const [row] = await db.query<{ balance: number }>('SELECT balance FROM balances WHERE id = ?', {
      replacements: [id],
      type: QueryTypes.SELECT,
    });
    return Number(row.balance);
  };
  const add = (t: Transaction, id: number, amount: number) =>
    db.query('UPDATE balances SET balance = balance + ? WHERE id = ?', { replacements: [amount, id], transaction: t });

  before(async () => {
    url = await testDatabaseUrl('dbtx');
    db = await openDatabase({ url, dataDir: os.tmpdir(), service: 'dbtx', poolMax: 25 });
    await db.query('CREATE TABLE balances (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)');
  });
  after(async () => {
    await db.close();
    await dropTestDatabases();
  });
  beforeEach(async () => {
    await db.query('DELETE FROM balances');
    await db.query('INSERT INTO balances (id, balance) VALUES (1, 0), (2, 0)');
  });

  it('commits the work and returns its result', async () => {
    const result = await withTransaction(db, async (t) => {
      await add(t, 1, 500);
      return 'paid';
    });
    expect(result).to.equal('paid');
    expect(await balanceOf(1)).to.equal(500);
  });

  it('rolls everything back when the work throws, and does not retry a non-conflict', async () => {
    let attempts = 0;
    const failure = await withTransaction(db, async (t) => {
      attempts++;
      await add(t, 1, 500);
      throw new Error('card declined');
    }).catch((err: Error) => err);
    expect(failure).to.have.property('message', 'card declined');
    expect(attempts).to.equal(1);
    expect(await balanceOf(1)).to.equal(0);
  });

  it('serializes 20 concurrent read-then-write increments of one row without losing any or retrying', async () => {
    let attempts = 0;
    // SQLite's IMMEDIATE transactions take the write lock at BEGIN; MariaDB needs the row lock.
    const read = `SELECT balance FROM balances WHERE id = 1${usingMysql ? ' FOR UPDATE' : ''}`;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withTransaction(db, async (t) => {
          attempts++;
          const [row] = await db.query<{ balance: number }>(read, { type: QueryTypes.SELECT, transaction: t });
          await db.query('UPDATE balances SET balance = ? WHERE id = 1', {
            replacements: [Number(row.balance) + 1],
            transaction: t,
          });
        }),
      ),
    );
    expect(await balanceOf(1)).to.equal(20);
    expect(attempts).to.equal(20);
  });

  it('lets a reader see the last committed value while a write transaction is open', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let updated!: () => void;
    const hasUpdated = new Promise<void>((resolve) => (updated = resolve));
    const writer = withTransaction(db, async (t) => {
      await add(t, 1, 7);
      updated();
      await held;
    });
    await hasUpdated;
    expect(await balanceOf(1)).to.equal(0);
    release();
    await writer;
    expect(await balanceOf(1)).to.equal(7);
  });

  if (!usingMysql) {
    it('queues the writers of two handles on one SQLite file (two processes) through the busy timeout', async () => {
      const second = await openDatabase({ url, dataDir: os.tmpdir(), service: 'dbtx' });
      try {
        const increment = (handle: Database) =>
          withTransaction(handle, async (t) => {
            const [row] = await handle.query<{ balance: number }>('SELECT balance FROM balances WHERE id = 2', {
              type: QueryTypes.SELECT,
              transaction: t,
            });
            await handle.query('UPDATE balances SET balance = ? WHERE id = 2', {
              replacements: [Number(row.balance) + 1],
              transaction: t,
            });
          });
        await Promise.all(Array.from({ length: 10 }, (_, i) => increment(i % 2 === 0 ? db : second)));
        expect(await balanceOf(2)).to.equal(10);
      } finally {
        await second.close();
      }
    });
  }

  if (usingMysql) {
    /** Two transfers that lock the two rows in opposite order: a real deadlock on their first attempt. */
    const crossedTransfers = (attemptsAllowed: number) => {
      const bothHoldOneRow = barrier(2);
      const attempts = { a: 0, b: 0 };
      const transfer = (name: 'a' | 'b', first: number, second: number) =>
        withTransaction(
          db,
          async (t) => {
            attempts[name]++;
            await add(t, first, 1);
            if (attempts[name] === 1) await bothHoldOneRow();
            await add(t, second, 1);
          },
          attemptsAllowed,
        );
      return { attempts, outcomes: Promise.allSettled([transfer('a', 1, 2), transfer('b', 2, 1)]) };
    };

    it('surfaces a real deadlock as a retryable conflict when no retry is allowed', async () => {
      const { outcomes } = crossedTransfers(1);
      const settled = await outcomes;
      const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(rejected).to.have.length(1);
      expect(isRetryableConflict(rejected[0].reason)).to.equal(true);
      expect(await balanceOf(1)).to.equal(1);
      expect(await balanceOf(2)).to.equal(1);
    });

    it('retries the deadlock victim until both transfers commit', async () => {
      const { attempts, outcomes } = crossedTransfers(5);
      const settled = await outcomes;
      expect(settled.map((s) => s.status)).to.deep.equal(['fulfilled', 'fulfilled']);
      expect(attempts.a + attempts.b).to.equal(3);
      expect(await balanceOf(1)).to.equal(2);
      expect(await balanceOf(2)).to.equal(2);
    });
  }

  if (!usingMysql) {
    it('SQLite: transactions run on kept connections that sync NORMAL, not on a new FULL-sync connection each', async () => {
      const seen: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const [{ synchronous }] = await withTransaction(db, async (t) => {
          seen.push((t as unknown as { connection: unknown }).connection);
          await add(t, 1, 1);
          return db.query<{ synchronous: number }>('PRAGMA synchronous', { type: QueryTypes.SELECT, transaction: t });
        });
        expect(synchronous, "NORMAL is 1 (FULL, SQLite's default, is 2)").to.equal(1);
      }
      expect(new Set(seen).size, 'one connection served the three transactions in turn').to.equal(1);
      expect(await balanceOf(1)).to.equal(3);
    });
  }
});
