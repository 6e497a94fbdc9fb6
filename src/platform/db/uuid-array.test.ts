import { describe, expect, it } from 'vitest';
import { parseUuidArray } from './database.js';

describe('parseUuidArray (uuid[] in text form)', () => {
  it.each([
    ['{}', []],
    ['{6f1a7c1e-8a7e-4b8c-9d7e-1a2b3c4d5e6f}', ['6f1a7c1e-8a7e-4b8c-9d7e-1a2b3c4d5e6f']],
    ['{6f1a7c1e-8a7e-4b8c-9d7e-1a2b3c4d5e6f,NULL,00000000-0000-0000-0000-000000000000}', ['6f1a7c1e-8a7e-4b8c-9d7e-1a2b3c4d5e6f', null, '00000000-0000-0000-0000-000000000000']],
  ])('%s', (text, expected) => {
    expect(parseUuidArray(text)).toEqual(expected);
  });
});
