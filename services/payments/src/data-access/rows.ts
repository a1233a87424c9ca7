import { storedTimeIso, storedTimeText } from '@agora/db';
/** Column values as the drivers hand them back: BIGINT and SUM may be strings, SQLite dates are text. */
export const toNumber = (value: unknown): number => Number(value ?? 0);

export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** A stored time as ISO, or null (storedTimeIso). */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return storedTimeIso(value instanceof Date ? value : String(value));
}

/** Rows changed by `sequelize.query(sql, {type: QueryTypes.UPDATE})`, which answers `[result, affectedCount]` on both dialects. */
export function affectedRows(result: unknown): number {
  return toNumber((result as [unknown, unknown])[1]);
}

/** Row locks for a read inside a transaction; SQLite has none (its IMMEDIATE transactions already serialize writers). */
export function forUpdate(db: { getDialect(): string }): string {
  return db.getDialect() === 'sqlite' ? '' : ' FOR UPDATE';
}

/** A time as the DATETIME(3) column text, to the millisecond (storedTimeText). */
export function sqlTime(db: { getDialect(): string }, date: Date): string {
  return storedTimeText(db.getDialect(), date.toISOString());
}
