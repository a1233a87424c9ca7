import path from 'node:path';
import { Sequelize, type Options } from 'sequelize';
import { sqliteDriver } from './sqlite-driver.js';
import { runCleanupsOnClose } from './closing.js';
import { keepSqliteConnections } from './sqlite-connections.js';
import { driverTransactionStatements } from './driver-transactions.js';

export interface DatabaseOptions {
  /** `mysql://user:pass@host:port/db`, `sqlite:/path/file.sqlite`, or unset for the default SQLite file. */
  url?: string;
  /** Folder for the default SQLite file. */
  dataDir: string;
  /** Names the default SQLite file: `<dataDir>/<service>.sqlite`. */
  service: string;
  /** Sequelize's query log; off unless given. */
  logging?: (sql: string) => void;
  poolMax?: number;
}

export type Database = Sequelize;

/** Opens the service's own database: SQLite (default, WAL) or MySQL/MariaDB. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const common: Options = {
    logging: options.logging ?? false,
    define: { underscored: true, timestamps: false },
  };
  let sequelize: Sequelize;
  if (options.url && /^(mysql|mariadb):/.test(options.url)) {
    sequelize = new Sequelize(options.url.replace(/^mariadb:/, 'mysql:'), {
      ...common,
      dialect: 'mysql',
      timezone: '+00:00',
      pool: { max: options.poolMax ?? 10, min: 0, acquire: 10_000, idle: 10_000 },
      dialectOptions: { connectTimeout: 5_000, dateStrings: false, supportBigNumbers: true, bigNumberStrings: false },
    });
  } else {
    const storage = options.url
      ? options.url.replace(/^sqlite:(\/\/)?/, '')
      : path.join(options.dataDir, `${options.service}.sqlite`);
    sequelize = new Sequelize({ ...common, dialect: 'sqlite', storage, dialectModule: sqliteDriver });
  }
  runCleanupsOnClose(sequelize);
  keepSqliteConnections(sequelize);
  driverTransactionStatements(sequelize);
  await sequelize.authenticate();
  if (sequelize.getDialect() === 'sqlite') {
    // WAL lets readers proceed while one writer commits; the setting is stored in the file.
    // (synchronous=NORMAL is per connection: the driver sets it on each, sqlite-driver.ts.)
    await sequelize.query('PRAGMA journal_mode=WAL');
  }
  return sequelize;
}
