import { setTimeout as sleep } from 'node:timers/promises';
import { Transaction, UniqueConstraintError, type Sequelize } from 'sequelize';
import { inSqliteWriterQueue } from './sqlite-writer-queue.js';

function driverCode(err: unknown): string | number | undefined {
  const e = err as { parent?: { code?: string; errno?: number }; original?: { code?: string }; code?: string };
  return e?.parent?.code ?? e?.original?.code ?? e?.code;
}

/** A duplicate key: Sequelize's error, or the driver's own from a statement run by `preparedSql`. */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof UniqueConstraintError) return true;
  const code = driverCode(err);
  return (
    code === 'ER_DUP_ENTRY' ||
    (code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed|PRIMARY KEY must be unique/.test((err as Error).message))
  );
}

/** Deadlocks and lock timeouts (MySQL) or a busy database (SQLite): safe to run the transaction again. */
export function isRetryableConflict(err: unknown): boolean {
  const code = driverCode(err);
  return (
    code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
  );
}

/**
 * Runs `work` in a transaction, retrying it on a deadlock or busy database.
 * On SQLite the transaction is IMMEDIATE: it takes the write lock up front, so two
 * writers queue instead of failing when one upgrades from a read; within a process
 * they queue before BEGIN (see sqlite-writer-queue.ts).
 */
export async function withTransaction<T>(
  sequelize: Sequelize,
  work: (t: Transaction) => Promise<T>,
  attempts = 5,
): Promise<T> {
  const type = sequelize.getDialect() === 'sqlite' ? Transaction.TYPES.IMMEDIATE : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await inSqliteWriterQueue(sequelize, () => sequelize.transaction({ type }, work));
    } catch (err) {
      if (attempt >= attempts || !isRetryableConflict(err)) throw err;
      await sleep(Math.floor(Math.random() * 20 * attempt));
    }
  }
}

/** The transaction repositories take: one name in every service. */
export type Tx = Transaction;

/** Runs `work` in one transaction: what service.ts gives the domain, so the domain never sees the database. */
export type InTransaction = <T>(work: (t: Tx) => Promise<T>) => Promise<T>;

export function inTransaction(sequelize: Sequelize): InTransaction {
  return (work) => withTransaction(sequelize, work);
}
