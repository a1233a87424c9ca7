import { AsyncLocalStorage } from 'node:async_hooks';
import type { Sequelize } from 'sequelize';

/**
 * SQLite has one writer at a time, and node-sqlite3 waits out the busy timeout on a
 * libuv worker thread (4 by default): four writers waiting for the lock take every
 * worker, and the writer holding the lock can no longer run its next statement.
 * So the write transactions of one process wait for their turn here instead, on the
 * event loop. A transaction opened inside another one skips the queue (as before,
 * it meets the busy timeout) rather than waiting for itself forever.
 */
const tails = new WeakMap<Sequelize, Promise<void>>();
const holding = new AsyncLocalStorage<Sequelize>();

export function inSqliteWriterQueue<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  if (sequelize.getDialect() !== 'sqlite' || holding.getStore() === sequelize) return work();
  const previous = tails.get(sequelize) ?? Promise.resolve();
  const turn = previous.then(() => holding.run(sequelize, work));
  tails.set(
    sequelize,
    turn.then(
      () => undefined,
      () => undefined,
    ),
  );
  return turn;
}
