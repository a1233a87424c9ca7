import { decodeCursor, encodeCursor, invalidCursor } from './cursor.js';

/** One page of a list: `?limit` items at most, and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Repositories fetch `limit + 1` rows: the extra one says that another page exists and is
 * dropped; the sort key values (`cursorOf`) of the last row kept become the next cursor.
 * `view` maps the rows kept to what the list answers.
 */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => unknown[]): Page<T>;
export function pageOf<T, V>(rows: T[], limit: number, cursorOf: (last: T) => unknown[], view: (row: T) => V): Page<V>;
export function pageOf<T, V>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => unknown[],
  view?: (row: T) => V,
): Page<T | V> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: view ? kept.map(view) : kept,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/** The position of the last item of a page in a list ordered by (createdAt, id), newest or oldest first. */
export interface CreatedAtPosition {
  createdAt: string;
  id: string;
}

/** The position a `?cursor=` of a list ordered by (createdAt, id) names; undefined for the first page. */
export function createdAtPosition(cursor: string | undefined): CreatedAtPosition | undefined {
  const values = decodeCursor(cursor, 2);
  if (!values) return undefined;
  const [createdAt, id] = values;
  if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt)))
    throw invalidCursor();
  return { createdAt, id };
}

/** The cursor values of a row of a list ordered by (createdAt, id), for `pageOf`. */
export function createdAtCursor(row: { createdAt: string | Date; id: string }): unknown[] {
  return [row.createdAt instanceof Date ? row.createdAt.toISOString() : row.createdAt, row.id];
}
