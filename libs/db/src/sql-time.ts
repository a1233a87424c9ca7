import type { Sequelize } from 'sequelize';

/**
 * A time for a raw query's replacements, to the millisecond on both dialects: Sequelize
 * escapes a Date for MySQL to the second, so leases compared in SQL would be cut by up
 * to a second. UTC, as every connection runs at '+00:00'.
 */
export function sqlTime(db: Sequelize, epochMs: number): Date | string {
  const at = new Date(epochMs);
  return db.getDialect() === 'mysql' ? at.toISOString().slice(0, 23).replace('T', ' ') : at;
}
