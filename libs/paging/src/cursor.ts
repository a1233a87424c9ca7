import { ValidationFailed } from '@agora/errors';

/** Opaque keyset cursors: the sort key values of the last item, base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The answer to a cursor no list of ours issued (or one of another sort). */
export function invalidCursor(message = 'is not a cursor this list issued'): ValidationFailed {
  return new ValidationFailed('The cursor is not valid', [{ path: '/query/cursor', message }]);
}

export function decodeCursor(cursor: string | undefined, length: number): unknown[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length) return values;
  } catch {
    // fall through to the validation error
  }
  throw invalidCursor();
}
