import type { Sequelize, Transaction } from 'sequelize';

type Statement = 'startTransaction' | 'commitTransaction' | 'rollbackTransaction';
interface QueryGenerator {
  startTransactionQuery(transaction: Transaction): string;
  commitTransactionQuery(transaction: Transaction): string;
  rollbackTransactionQuery(transaction: Transaction): string;
}
interface QueryInterface extends Record<Statement, (transaction: Transaction, options?: object) => Promise<unknown>> {
  queryGenerator: QueryGenerator;
}
/** A SQLite connection runs SQL with `exec`, a mysql2 one with `query`. */
interface Connection {
  exec?(sql: string, callback: (err: Error | null) => void): void;
  query?(sql: string, callback: (err: Error | null) => void): void;
}
interface Nested {
  connection?: Connection;
  parent?: Transaction;
  finished?: string;
}

/**
 * Begins, commits and rolls back transactions straight on the transaction's connection, with the
 * SQL Sequelize would send: its query path (a retry wrapper, a stack trace, logging hooks) costs
 * several times the statement, twice per transaction, and every checkout runs seven of them
 * across the services. Savepoints (a transaction inside another) stay Sequelize's.
 */
export function driverTransactionStatements(sequelize: Sequelize): void {
  const queryInterface = sequelize.getQueryInterface() as unknown as QueryInterface;
  const generator = queryInterface.queryGenerator;
  const sqlite = sequelize.getDialect() === 'sqlite';
  const sqlOf: Record<Statement, (t: Transaction) => string> = {
    startTransaction: (t) => generator.startTransactionQuery(t),
    commitTransaction: (t) => generator.commitTransactionQuery(t),
    rollbackTransaction: (t) => generator.rollbackTransactionQuery(t),
  };
  for (const name of Object.keys(sqlOf) as Statement[]) {
    const viaSequelize = queryInterface[name].bind(queryInterface);
    queryInterface[name] = async (transaction, options) => {
      const own = transaction as unknown as Nested;
      const connection = own.connection;
      if (own.parent || !connection) return viaSequelize(transaction, options);
      const sql = sqlOf[name](transaction);
      // As Sequelize does: the transaction counts as finished from the moment its end is sent.
      if (name !== 'startTransaction') own.finished = name === 'commitTransaction' ? 'commit' : 'rollback';
      await new Promise<void>((resolve, reject) => {
        const done = (err: Error | null) => (err ? reject(err) : resolve());
        if (sqlite) connection.exec!(sql, done);
        else connection.query!(sql, done);
      });
    };
  }
}
