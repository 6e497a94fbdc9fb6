import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { decodeCursor, encodeCursor, type CursorKeyKind } from './cursor.js';

const ID = '3f2b8c9e-1d4a-4e6b-9c1f-0a2b3c4d5e6f';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectInvalid(cursor: string, kind?: CursorKeyKind) {
  let caught: unknown;
  try {
    decodeCursor(cursor, kind);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe('invalid_input');
  expect((caught as AppError).details).toEqual([{ path: 'query.cursor', message: 'Invalid cursor' }]);
}

describe('encodeCursor / decodeCursor', () => {
  it.each([
    { kind: 'text', key: 'acme beer' },
    { kind: 'text', key: '' },
    { kind: 'text', key: 'café | ölund "quoted" \\ back' },
    { kind: 'text', key: '日本語 😀' },
    { kind: 'number', key: '0' },
    { kind: 'number', key: '1234.56' },
    { kind: 'number', key: '999999999999.99' },
    { kind: 'time', key: '2025-03-14T09:26:53.589Z' },
    { kind: 'time', key: '1999-12-31T23:59:59Z' },
  ] as const)('round-trips a $kind key $key', ({ kind, key }) => {
    const cursor = encodeCursor([key, ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(decodeCursor(cursor, kind)).toEqual([key, ID]);
  });

  it('defaults to a text key', () => {
    expect(decodeCursor(encodeCursor(['x', ID]))).toEqual(['x', ID]);
  });

  it.each([
    ['not base64 JSON', 'garbage', 'text'],
    ['empty', '', 'text'],
    ['a JSON object', raw({ key: 'a', id: ID }), 'text'],
    ['a JSON string', raw('a'), 'text'],
    ['one value', raw([ID]), 'text'],
    ['three values', raw(['a', 'b', ID]), 'text'],
    ['a number key', raw([1, ID]), 'number'],
    ['a null key', raw([null, ID]), 'text'],
    ['an id that is not a uuid', raw(['a', 'b']), 'text'],
    ['an id that is a number', raw(['a', 7]), 'text'],
    ['an SQL-looking id', raw(['a', "'; drop table accounts; --"]), 'text'],
    ['a NUL in the key', raw(['a\u0000b', ID]), 'text'],
    ['a number key that is not a number', raw(['abc', ID]), 'number'],
    ['an empty number key', raw(['', ID]), 'number'],
    ['an infinite number key', raw(['Infinity', ID]), 'number'],
    ['a NaN number key', raw(['NaN', ID]), 'number'],
    ['a time key that is not a time', raw(['yesterday', ID]), 'time'],
    ['a time key that is only a date-like text', raw(['2025-13-45T99:99:99Z', ID]), 'time'],
    ['a time key in another format', raw(['Fri, 14 Mar 2025 09:00:00 GMT', ID]), 'time'],
    ['a time key before 1900 (year 0 fails in PostgreSQL)', raw(['0000-01-01T00:00:00Z', ID]), 'time'],
    ['a time key in the year 10000 (neither engine stores it)', raw(['9999-12-31T23:59:59-23:59', ID]), 'time'],
  ] as const)('refuses %s as invalid_input on query.cursor', (_label, cursor, kind) => {
    expectInvalid(cursor, kind);
  });

  it('refuses a cursor made for another sort kind', () => {
    expectInvalid(encodeCursor(['acme beer', ID]), 'number');
    expectInvalid(encodeCursor(['acme beer', ID]), 'time');
  });
});
