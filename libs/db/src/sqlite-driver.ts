import sqlite3 from 'sqlite3';

/**
 * Sequelize opens SQLite connections for transactions beside its default one and has no
 * option for the busy timeout, so concurrent writers would fail at once with SQLITE_BUSY.
 * This driver sets the timeout on every connection it opens: writers queue. It also
 * turns on `secure_delete`, so what a delete or an update removes (an erased address)
 * is overwritten with zeros in the file rather than left in free space, and sets
 * `synchronous=NORMAL`, a per-connection setting (SQLite's default, FULL, would fsync the
 * write-ahead log at every commit; NORMAL syncs at checkpoints: a commit survives a crash
 * of the process, and only a power loss may take the last ones back).
 */
export const BUSY_TIMEOUT_MS = 15_000;

class Database extends sqlite3.Database {
  constructor(filename: string, mode: number, callback: (err: Error | null) => void) {
    super(filename, mode, (err) => {
      if (err) return callback(err);
      this.configure('busyTimeout', BUSY_TIMEOUT_MS);
      this.exec('PRAGMA secure_delete = ON; PRAGMA synchronous = NORMAL', callback);
    });
  }
}

export const sqliteDriver = { ...sqlite3, Database };
