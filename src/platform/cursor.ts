import { AppError } from './errors.js';
import { isUuid } from './ids.js';

/** What the first value of a cursor holds; the second is always a row id (uuid). */
export type CursorKeyKind = 'text' | 'number' | 'time';


/**
 * Opaque keyset cursors: the sort key and id of the last row of a page, base64url-encoded JSON.
 * A cursor that does not decode to a key of the expected kind and a uuid is `invalid_input` on
 * `query.cursor` — it never reaches the database, where a bad cast would be a server error.
 */
export function encodeCursor(values: readonly [string, string]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, kind: CursorKeyKind = 'text'): [string, string] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === 2) {
      const [key, id] = values as unknown[];
      if (typeof key === 'string' && typeof id === 'string' && isUuid(id) && isKind(key, kind) && !key.includes('\u0000')) {
        return [key, id];
      }
    }
  } catch {
    // Fall through to the error below.
  }
  throw new AppError('invalid_input', 'The cursor is not one this API gave out', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
}

function isKind(key: string, kind: CursorKeyKind): boolean {
  if (kind === 'number') return key.trim() !== '' && Number.isFinite(Number(key));
  // From 1900 on: PostgreSQL refuses year 0, and PGlite reads years before 100 back as 19xx/20xx;
  // and before 10000, which neither stores.
  if (kind === 'time') return /^\d{4}-\d{2}-\d{2}T/.test(key) && Date.parse(key) >= Date.UTC(1900, 0, 1) && Date.parse(key) < Date.UTC(10000, 0, 1);
  return true;
}
