/**
 * A time as the text a stored DATE(3) column compares with in a prepared read
 * (`preparedSql`), to the millisecond: what Sequelize writes on SQLite
 * (`2026-12-01 13:00:00.123 +00:00`), the DATETIME literal on MySQL. The SQLite driver
 * would bind a Date as a number, which compares with no stored time.
 */
export function storedTimeText(dialect: string, iso: string): string {
  const text = new Date(iso).toISOString().replace('T', ' ').slice(0, 23);
  return dialect === 'mysql' ? text : `${text} +00:00`;
}

/**
 * A stored time read back as an ISO string: the text Sequelize and `storedTimeText` write on SQLite
 * (`2026-12-01 13:00:00.123 +00:00`) rewritten without parsing a Date (hot reads turn many rows),
 * anything else (MariaDB's Date) through a Date.
 */
export function storedTimeIso(value: string | Date): string {
  if (typeof value === 'string' && value.length === 30 && value.endsWith(' +00:00'))
    return `${value.slice(0, 10)}T${value.slice(11, 23)}Z`;
  return new Date(value).toISOString();
}
