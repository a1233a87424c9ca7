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

/**
 * A time as the text a stored DATE(3) column compares with in a prepared read
 * (`preparedReads`), to the millisecond: what Sequelize writes on SQLite
 * (`2026-12-01 13:00:00.123 +00:00`), the DATETIME literal on MySQL. The SQLite driver
 * would bind a Date as a number, which compares with no stored time.
 */
export function storedTimeText(dialect: string, iso: string): string {
  const text = new Date(iso).toISOString().replace('T', ' ').slice(0, 23);
  return dialect === 'mysql' ? text : `${text} +00:00`;
}
