import { describe, expect, it } from 'vitest';
import { executeText, sqlLiteral } from './pglite-dialect.js';

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
