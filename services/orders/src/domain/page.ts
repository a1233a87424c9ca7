import { decodeCursor, encodeCursor } from '@agora/koa-kit';
import { ValidationFailed } from '@agora/errors';
import type { PagePosition } from '../data-access/keyset.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The position a `?cursor=` names in a newest-first list. */
export function positionOf(cursor: string | undefined): PagePosition | undefined {
  const values = decodeCursor(cursor, 2);
  if (!values) return undefined;
  const [createdAt, id] = values;
  if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    throw new ValidationFailed('The cursor is not valid', [{ path: '/query/cursor', message: 'is not a cursor this list issued' }]);
  }
  return { createdAt, id };
}

/**
 * Repositories fetch one row more than the page size; its presence says another page exists,
 * and the last row kept becomes the cursor.
 */
export function pageOf<T extends { id: string; createdAt: string }, V>(rows: T[], limit: number, view: (row: T) => V): Page<V> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: kept.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
  };
}
