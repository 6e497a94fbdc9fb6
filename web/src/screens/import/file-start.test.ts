import { describe, expect, it } from 'vitest';
import { decodeFileStart, wholeLines } from './file-start';

const bytes = (...parts: Array<string | number[]>) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))));

describe('decodeFileStart: the preview reads a file as the import will', () => {
  it('reads Windows-1252 (Excel on Windows) with its accents, not as U+FFFD', () => {
    expect(decodeFileStart(bytes('Id,Name\n1,M', [0xfc], 'ller B', [0xe4], 'ckerei\n'))).toBe('Id,Name\n1,Müller Bäckerei\n');
  });

  it('reads UTF-8, with or without a BOM, and a character cut at the end does not make it Latin-1', () => {
    expect(decodeFileStart(bytes('Id,Name\n1,Café\n'))).toBe('Id,Name\n1,Café\n');
    expect(decodeFileStart(bytes([0xef, 0xbb, 0xbf], 'Id\nZoë\n'))).toBe('Id\nZoë\n');
    const cut = bytes('Id\nCafé\nZo', [0xc3]);
    expect(decodeFileStart(cut).startsWith('Id\nCafé\nZo')).toBe(true);
  });

  it('reads UTF-16LE by its BOM', () => {
    expect(decodeFileStart(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Id,Name\r\n1,Zoë\r\n', 'utf16le')])))).toBe('Id,Name\r\n1,Zoë\r\n');
  });

  it('cuts a truncated start at its last line break', () => {
    expect(wholeLines('a\nb\nc', true)).toBe('a\nb\n');
    expect(wholeLines('a\nb\nc', false)).toBe('a\nb\nc');
  });
});
