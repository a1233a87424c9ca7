import sqlite3 from 'sqlite3';

/**
 * Sequelize opens a new SQLite connection per transaction and has no option for
 * the busy timeout, so concurrent writers would fail at once with SQLITE_BUSY.
 * This driver sets the timeout on every connection it opens: writers queue.
 */
export const BUSY_TIMEOUT_MS = 15_000;

class Database extends sqlite3.Database {
  constructor(filename: string, mode: number, callback: (err: Error | null) => void) {
    super(filename, mode, (err) => {
      if (!err) this.configure('busyTimeout', BUSY_TIMEOUT_MS);
      callback(err);
    });
  }
}

export const sqliteDriver = { ...sqlite3, Database };
