import { AppError } from './errors.js';

/**
 * Opaque keyset cursors: the sort values of the last row of a page, base64url-encoded JSON. A
 * cursor that does not decode to `size` (two) strings is `invalid_input` on `query.cursor`.
 */
export function encodeCursor(values: ReadonlyArray<string | number | null>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, size = 2): [string, string] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === size && values.every((v) => typeof v === 'string')) return values as [string, string];
  } catch {
    // Fall through to the error below.
  }
  throw new AppError('invalid_input', 'The cursor is not one this API gave out', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
}
