import type { Sequelize, Transaction } from 'sequelize';
import { beforeClose } from './closing.js';

export type ReadRow = Record<string, any>;
/** The row type is the caller's word for the SQL it wrote: the drivers' rows are untyped (hence the `as never` casts below). */
export type ReadQuery = <T extends ReadRow = ReadRow>(sql: string, params: unknown[], transaction?: Transaction) => Promise<T[]>;

/** Statements kept per process; SQL built from a fixed set of filters stays well below this. */
const MAX_STATEMENTS = 500;

/** `?` placeholders, with an array parameter spread over `?, ?, …` as Sequelize's replacements do. */
function spread(sql: string, params: unknown[]): { sql: string; values: unknown[] } {
  if (!params.some(Array.isArray)) return { sql, values: params };
  let index = 0;
  const values: unknown[] = [];
  const text = sql.replace(/\?/g, () => {
    const param = params[index++];
    if (!Array.isArray(param)) {
      values.push(param);
      return '?';
    }
    values.push(...param);
    return param.map(() => '?').join(', ');
  });
  return { sql: text, values };
}

interface SqliteStatement {
  all(params: unknown[], callback: (err: Error | null, rows: ReadRow[]) => void): void;
  finalize(callback?: () => void): void;
}
interface SqliteConnection {
  prepare(sql: string, callback: (err: Error | null) => void): SqliteStatement;
}
interface MysqlConnection {
  query(sql: string, values: unknown[], callback: (err: Error | null, rows: ReadRow[]) => void): void;
}
interface ConnectionManager {
  getConnection(options: { type: string }): Promise<unknown>;
  releaseConnection(connection: unknown): void;
}

/**
 * Reads for hot paths, straight on the driver with statements prepared once: Sequelize's
 * query path costs more than the query (on SQLite it serialises a stack trace for every
 * call). Plain values in, plain rows out, no model. Inside a transaction, or for anything
 * else, use Sequelize as usual; this never writes.
 */
export function preparedReads(sequelize: Sequelize): ReadQuery {
  const manager = (sequelize as unknown as { connectionManager: ConnectionManager }).connectionManager;
  const viaSequelize: ReadQuery = (sql, params, transaction) => sequelize.query(sql, { replacements: params, type: 'SELECT', transaction, raw: true }) as never;

  if (sequelize.getDialect() === 'mysql') {
    return async (sql, params, transaction) => {
      if (transaction) return viaSequelize(sql, params, transaction);
      const statement = spread(sql, params);
      const connection = (await manager.getConnection({ type: 'SELECT' })) as MysqlConnection;
      try {
        // mysql2 prepares each distinct SQL once per connection and keeps it (its own LRU).
        return await new Promise((resolve, reject) => connection.query(statement.sql, statement.values, (err, rows) => (err ? reject(err) : resolve(rows as never))));
      } finally {
        manager.releaseConnection(connection);
      }
    };
  }

  const statements = new Map<string, SqliteStatement>();
  beforeClose(sequelize, async () => {
    await Promise.all([...statements.values()].map((statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()))));
    statements.clear();
  });
  return async (sql, params, transaction) => {
    if (transaction) return viaSequelize(sql, params, transaction);
    const statement = spread(sql, params);
    // Sequelize's connection for everything outside a transaction: opened once, kept.
    const connection = (await manager.getConnection({ type: 'SELECT' })) as SqliteConnection;
    let prepared = statements.get(statement.sql);
    if (!prepared) {
      prepared = await new Promise<SqliteStatement>((resolve, reject) => {
        const created = connection.prepare(statement.sql, (err) => (err ? reject(err) : resolve(created)));
      });
      if (statements.size < MAX_STATEMENTS) statements.set(statement.sql, prepared);
    }
    const keep = statements.get(statement.sql) === prepared;
    return new Promise((resolve, reject) =>
      prepared.all(statement.values, (err, rows) => {
        if (!keep) prepared.finalize();
        return err ? reject(err) : resolve(rows as never);
      }),
    );
  };
}
