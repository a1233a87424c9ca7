import type { Sequelize } from 'sequelize';
import { beforeClose } from './closing.js';
import { finalizeStatements } from './prepared-sql.js';

interface SqliteConnection {
  uuid?: string;
  close(callback?: (err: Error | null) => void): void;
}
interface SqliteConnectionManager {
  connections: Record<string, SqliteConnection>;
  getConnection(options?: { uuid?: string; type?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection, force?: boolean): void;
}

/** Open connections kept for transactions: writes queue one at a time (sqlite-writer-queue.ts), so one or two are in use. */
const KEPT = 4;

/**
 * Sequelize opens a new SQLite connection for every transaction and closes it at the end:
 * a mkdir, an open, the schema parsed again and the driver's pragmas run, for each write.
 * This keeps the connections of finished transactions open and hands them to the next
 * transaction instead (each still has one transaction at a time, and the driver set it up
 * once: busy timeout, secure_delete, synchronous=NORMAL). They are closed with the database.
 */
export function keepSqliteConnections(sequelize: Sequelize): void {
  if (sequelize.getDialect() !== 'sqlite') return;
  // An in-memory database is one connection, which Sequelize hands to every transaction itself.
  const { storage, host } = (sequelize as unknown as { options: { storage?: string; host?: string } }).options;
  if ((storage ?? host ?? ':memory:') === ':memory:') return;
  const manager = (sequelize as unknown as { connectionManager: SqliteConnectionManager }).connectionManager;
  const spare: SqliteConnection[] = [];
  let closing = false;
  const open = manager.getConnection.bind(manager);
  const release = manager.releaseConnection.bind(manager);

  manager.getConnection = async (options = {}) => {
    const uuid = options.uuid;
    const kept = uuid && uuid !== 'default' ? spare.pop() : undefined;
    if (!kept) return open(options);
    manager.connections[uuid!] = kept;
    return kept;
  };
  manager.releaseConnection = (connection, force) => {
    const uuid = connection.uuid;
    if (!uuid || uuid === 'default') return release(connection, force);
    // Transaction.cleanup() clears connection.uuid right after this returns.
    delete manager.connections[uuid];
    if (!closing && spare.length < KEPT) {
      spare.push(connection);
      return;
    }
    // SQLite refuses to close a connection with statements left: prepared-sql.ts finalises its own first.
    void finalizeStatements(connection).then(() => connection.close());
  };
  beforeClose(sequelize, async () => {
    closing = true;
    await Promise.all(
      spare.splice(0).map(async (connection) => {
        await finalizeStatements(connection);
        await new Promise<void>((resolve) => connection.close(() => resolve()));
      }),
    );
  });
}
