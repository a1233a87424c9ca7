import type { Sequelize } from 'sequelize';
import { beforeClose } from './closing.js';

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
    if (closing || !uuid || uuid === 'default' || spare.length >= KEPT) return release(connection, force);
    // Transaction.cleanup() clears connection.uuid right after this returns.
    delete manager.connections[uuid];
    spare.push(connection);
  };
  beforeClose(sequelize, async () => {
    closing = true;
    await Promise.all(spare.splice(0).map((connection) => new Promise<void>((resolve) => connection.close(() => resolve()))));
  });
}
