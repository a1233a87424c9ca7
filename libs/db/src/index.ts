export { openDatabase, type DatabaseOptions, type Database } from './open-database.js';
export { runMigrations, type Migration } from './migrations.js';
export {
  withTransaction,
  inTransaction,
  isUniqueViolation,
  isRetryableConflict,
  type InTransaction,
  type Tx,
} from './transactions.js';
export { Sequelize, DataTypes, Op, Transaction, QueryTypes, Model, type ModelStatic } from 'sequelize';
export { databaseReady } from './database-ready.js';
export { truncateWriteAheadLog } from './write-ahead-log.js';
export { storedTimeText, storedTimeIso } from './sql-time.js';
export { preparedSql, type PreparedSql, type ReadQuery, type ReadRow } from './prepared-sql.js';
export { poolStats } from './pool-stats.js';
