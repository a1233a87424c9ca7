import type { Sequelize, Transaction } from 'sequelize';
import { beforeClose } from './closing.js';
import { inSqliteWriterQueue } from './sqlite-writer-queue.js';

export type ReadRow = Record<string, any>;

/**
 * SQL for hot paths, straight on the driver: Sequelize's query path costs more than the query
 * (on SQLite it serialises a stack trace for every call, builds and finalises a statement).
 * Plain values in (`?` placeholders; an array parameter becomes `?, ?, …`), plain rows out, no
 * model. Given a transaction, a statement runs on that transaction's connection, so reads and
 * writes here mix with the ORM's inside one `inTransaction`. Values are bound as they are: a time
 * goes in as `storedTimeText`, a boolean as 1/0, the way Sequelize stores them.
 */
export interface PreparedSql {
  /** The rows of a SELECT. The row type is the caller's word for the SQL it wrote: the drivers' rows are untyped (hence the `as never` casts below). */
  all<T extends ReadRow = ReadRow>(sql: string, params: unknown[], transaction?: Transaction): Promise<T[]>;
  /** An INSERT, UPDATE or DELETE: how many rows it changed. */
  run(sql: string, params: unknown[], transaction?: Transaction): Promise<number>;
}

export type ReadQuery = PreparedSql['all'];

/** Statements kept per connection; SQL built from a fixed set of filters stays well below this. */
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
  run(params: unknown[], callback: (this: { changes: number }, err: Error | null) => void): void;
  reset(callback?: () => void): void;
  finalize(callback?: () => void): void;
}
interface SqliteConnection {
  prepare(sql: string, callback: (err: Error | null) => void): SqliteStatement;
}
interface MysqlConnection {
  query(
    sql: string,
    values: unknown[],
    callback: (err: Error | null, result: ReadRow[] | { affectedRows: number }) => void,
  ): void;
}
interface ConnectionManager {
  getConnection(options: { type: string }): Promise<unknown>;
  releaseConnection(connection: unknown): void;
}

/** The statements prepared on each SQLite connection: finalised before the connection closes (sqlite-connections.ts). */
const statementsOf = new WeakMap<object, Map<string, Promise<SqliteStatement>>>();

/** Finalises the statements prepared on this SQLite connection; a connection closes only once none is left. */
export async function finalizeStatements(connection: object): Promise<void> {
  const statements = statementsOf.get(connection);
  if (!statements) return;
  statementsOf.delete(connection);
  await Promise.all(
    [...statements.values()].map((making) =>
      making.then(
        (statement) => new Promise<void>((resolve) => statement.finalize(() => resolve())),
        () => undefined,
      ),
    ),
  );
}

function connectionOf(transaction: Transaction): unknown {
  return (transaction as unknown as { connection: unknown }).connection;
}

function mysqlSql(sequelize: Sequelize): PreparedSql {
  const manager = (sequelize as unknown as { connectionManager: ConnectionManager }).connectionManager;
  // mysql2 formats the values into the text (as Sequelize's replacements do); the server parses each statement.
  const query = async (sql: string, params: unknown[], transaction?: Transaction) => {
    const statement = spread(sql, params);
    const connection = (
      transaction ? connectionOf(transaction) : await manager.getConnection({ type: 'SELECT' })
    ) as MysqlConnection;
    try {
      return await new Promise<ReadRow[] | { affectedRows: number }>((resolve, reject) =>
        connection.query(statement.sql, statement.values, (err, result) => (err ? reject(err) : resolve(result))),
      );
    } finally {
      if (!transaction) manager.releaseConnection(connection);
    }
  };
  return {
    all: async (sql, params, transaction) => (await query(sql, params, transaction)) as never,
    run: async (sql, params, transaction) =>
      ((await query(sql, params, transaction)) as { affectedRows: number }).affectedRows,
  };
}

/**
 * A kept statement that failed is reset before the caller hears of it. SQLite leaves a statement
 * refused with SQLITE_BUSY active (to be stepped again): kept so outside a transaction, it would
 * stop every later write on that connection from committing by itself, which then holds the
 * write lock for good. The reset is queued on the statement, ahead of its next use.
 */
function settleFailed(statement: SqliteStatement, kept: boolean, settle: () => void): void {
  if (kept) statement.reset(settle);
  else settle();
}

function sqliteSql(sequelize: Sequelize): PreparedSql {
  const manager = (sequelize as unknown as { connectionManager: ConnectionManager }).connectionManager;
  const connections = new Set<object>();
  beforeClose(sequelize, async () => {
    await Promise.all([...connections].map((connection) => finalizeStatements(connection)));
    connections.clear();
  });

  /**
   * The statement for this SQL on this connection, prepared on first use and kept (callers that
   * meet it while it is being prepared share it). Past MAX_STATEMENTS a statement serves one call.
   */
  const prepared = (
    connection: SqliteConnection,
    sql: string,
  ): Promise<{ statement: SqliteStatement; kept: boolean }> => {
    let statements = statementsOf.get(connection);
    if (!statements) {
      statementsOf.set(connection, (statements = new Map()));
      connections.add(connection);
    }
    const create = () =>
      new Promise<SqliteStatement>((resolve, reject) => {
        const created = connection.prepare(sql, (err) => (err ? reject(err) : resolve(created)));
      });
    const known = statements.get(sql);
    if (known) return known.then((statement) => ({ statement, kept: true }));
    if (statements.size >= MAX_STATEMENTS) return create().then((statement) => ({ statement, kept: false }));
    const making = create();
    statements.set(sql, making);
    // A statement that fails to prepare (bad SQL) is not kept: the next call tries again.
    making.catch(() => statements.get(sql) === making && statements.delete(sql));
    return making.then((statement) => ({ statement, kept: true }));
  };

  // Outside a transaction: Sequelize's own connection for everything outside one, opened once and kept.
  const connectionFor = async (transaction?: Transaction) =>
    (transaction ? connectionOf(transaction) : await manager.getConnection({ type: 'SELECT' })) as SqliteConnection;

  return {
    all: async (sql, params, transaction) => {
      const text = spread(sql, params);
      const { statement, kept } = await prepared(await connectionFor(transaction), text.sql);
      return new Promise((resolve, reject) =>
        statement.all(text.values, (err, rows) => {
          if (!kept) statement.finalize();
          return err ? settleFailed(statement, kept, () => reject(err)) : resolve(rows as never);
        }),
      );
    },
    run: (sql, params, transaction) => {
      const write = async () => {
        const text = spread(sql, params);
        const { statement, kept } = await prepared(await connectionFor(transaction), text.sql);
        return new Promise<number>((resolve, reject) =>
          statement.run(text.values, function (err) {
            const changes = this?.changes ?? 0;
            if (!kept) statement.finalize();
            return err ? settleFailed(statement, kept, () => reject(err)) : resolve(changes);
          }),
        );
      };
      // A write of its own takes its turn with the process's transactions (sqlite-writer-queue.ts)
      // instead of waiting for their lock in the driver, on one of libuv's few threads.
      return transaction ? write() : inSqliteWriterQueue(sequelize, write);
    },
  };
}

const made = new WeakMap<Sequelize, PreparedSql>();

/** The prepared SQL of this database: one per database, so its statements are shared by every repository. */
export function preparedSql(sequelize: Sequelize): PreparedSql {
  let sql = made.get(sequelize);
  if (!sql)
    made.set(sequelize, (sql = sequelize.getDialect() === 'mysql' ? mysqlSql(sequelize) : sqliteSql(sequelize)));
  return sql;
}
