import type { Sequelize } from 'sequelize';

interface SequelizePool {
  size: number;
  using: number;
  waiting: number;
  maxSize: number;
}

/**
 * The MariaDB connection pool's counters, for the process's metrics (read at scrape time);
 * undefined on SQLite, which has one connection and no pool.
 */
export function poolStats(
  db: Sequelize,
): () => { max: number; size: number; inUse: number; waiting: number } | undefined {
  return () => {
    if (db.getDialect() !== 'mysql') return undefined;
    const pool = (db.connectionManager as unknown as { pool?: SequelizePool }).pool;
    if (!pool || typeof pool.size !== 'number') return undefined;
    return { max: pool.maxSize, size: pool.size, inUse: pool.using, waiting: pool.waiting };
  };
}
