import { describe, expect, it } from 'vitest';
import { executeText, isPrepared, PREPARED_MARK, sqlLiteral } from './pglite-dialect.js';

describe('values written into EXECUTE', () => {
  it('are quoted text literals, with only the quote doubled (standard_conforming_strings)', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('back\\slash')).toBe("'back\\slash'");
    expect(sqlLiteral("'); drop table accounts; --")).toBe("'''); drop table accounts; --'");
    expect(sqlLiteral(12.5)).toBe("'12.5'");
    expect(sqlLiteral(10n)).toBe("'10'");
    expect(sqlLiteral(false)).toBe("'f'");
    expect(sqlLiteral(new Date('2026-06-01T00:00:00Z'))).toBe("'2026-06-01T00:00:00.000Z'");
    expect(sqlLiteral({ k: "it's" })).toBe(`'{"k":"it''s"}'`);
    expect(sqlLiteral(new Uint8Array([1, 255]))).toBe("'\\x01ff'");
  });

  it('write null as NULL, and arrays in their text form with every element quoted', () => {
    expect(sqlLiteral(null)).toBe('null');
    expect(sqlLiteral(undefined)).toBe('null');
    expect(sqlLiteral([])).toBe("'{}'");
    expect(sqlLiteral(['a', null, 'say "hi"', 'c:\\x', "it's"])).toBe(`'{"a",NULL,"say \\"hi\\"","c:\\\\x","it''s"}'`);
    expect(sqlLiteral([[1, 2], [3, null]])).toBe(`'{{"1","2"},{"3",NULL}}'`);
  });

  it('refuse a NUL character, which would cut the statement short', () => {
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
    expect(() => sqlLiteral(['a\0b'])).toThrow(/NUL/);
  });

  it('follow the statement name, or nothing when there are none', () => {
    expect(executeText('"s"', [])).toBe('execute "s"');
    expect(executeText('"s"', ['a', 1, null])).toBe(`execute "s"('a', '1', null)`);
  });
});

describe('which statements PGlite prepares', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  it('every marked one, arrays and all', () => {
    expect(isPrepared(`${PREPARED_MARK} select 1`, [])).toBe(true);
    expect(isPrepared(`${PREPARED_MARK} select * from t where id = any($1)`, [[id, id]])).toBe(true);
  });

  it('plain selects, inserts, updates, deletes and withs that carry a few scalar values', () => {
    for (const text of ['select * from accounts where id = $1', 'insert into t (a) values ($1)', 'update t set a = $1', 'delete from t where a = $1', '\n    with x as (select $1::int) select * from x', 'SELECT $1'])
      expect(isPrepared(text, [id])).toBe(true);
  });

  it('not one without values, with an array value, with many values, or that is not plain DML', () => {
    expect(isPrepared('select 1', [])).toBe(false);
    expect(isPrepared('select * from t where id = any($1)', [[id]])).toBe(false);
    expect(isPrepared('insert into t (a) values ($1)', Array.from({ length: 65 }, () => 1))).toBe(false);
    expect(isPrepared('insert into t (a) values ($1)', Array.from({ length: 64 }, () => 1))).toBe(true);
    for (const text of ['begin', 'set local x = $1', 'explain select $1', 'selected', 'select_x'])
      expect(isPrepared(text, [1])).toBe(false);
  });
});
