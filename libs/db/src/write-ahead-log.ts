import type { Database } from './open-database.js';

/**
 * After an erasure, on SQLite: copies the write-ahead log into the database file and
 * truncates it. Until then the log's older frames hold the pages as they were before
 * the erasure, erased values included; in the file itself `secure_delete` zeroed them.
 * A checkpoint that readers hold up leaves the log as it is (a later one truncates it).
 * MySQL needs nothing here: the application cannot reach InnoDB's logs, which it
 * overwrites as it goes.
 */
export async function truncateWriteAheadLog(db: Database): Promise<void> {
  if (db.getDialect() !== 'sqlite') return;
  await db.query('PRAGMA wal_checkpoint(TRUNCATE)');
}
