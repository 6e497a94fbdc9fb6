import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-reader.js';

/** Feeds `data` in chunks of `size` bytes (so records and CRLFs straddle chunk ends) and collects what comes out. */
async function read(data: string | Buffer, size = 7, delimiter = ',') {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const reader = readCsv(Readable.from(chunks), { delimiter, maxRecordChars: 4096 });
  const records: Array<[number, string[]]> = [];
  for await (const r of reader.records) records.push([r.line, r.fields]);
  return { records, broken: reader.broken(), bytes: reader.bytesRead(), total: bytes.length };
}

describe('readCsv', () => {
  it('counts physical lines: quoted line breaks (CRLF, LF) move the rows after them down', async () => {
    const text = 'a,b,c\r\n1,"x\r\ny",3\r\n\r\n4,5,6\r\n7,"q\n\nq",9\r\n10,11,12';
    const { records } = await read(text);
    expect(records).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x\r\ny', '3']],
      [4, ['']],
      [5, ['4', '5', '6']],
      [6, ['7', 'q\n\nq', '9']],
      [9, ['10', '11', '12']],
    ]);
  });

  it.each([1, 2, 3, 5, 64])('gives the same records whatever the chunk size (%i bytes)', async (size) => {
    const text = '\uFEFFa,b\r\n"1,1","2""2"\r\n"x\r\ny",z\n3,4\r5,6\r\n';
    const { records } = await read(text, size);
    expect(records).toEqual([
      [1, ['a', 'b']],
      [2, ['1,1', '2"2']],
      [3, ['x\r\ny', 'z']],
      [5, ['3', '4']],
      [6, ['5', '6']],
    ]);
  });

  it('drops a UTF-8 BOM and reads a UTF-16LE file with its BOM', async () => {
    expect((await read('\uFEFFId,Name\n1,Zoë\n')).records).toEqual([[1, ['Id', 'Name']], [2, ['1', 'Zoë']]]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Id,Name\r\n1,Zoë\r\n', 'utf16le')]);
    expect((await read(utf16, 5)).records).toEqual([[1, ['Id', 'Name']], [2, ['1', 'Zoë']]]);
  });

  it.each([1, 2, 3, 7, 4096])('reads a Windows-1252 file (Excel on Windows) as such, not as U+FFFD (chunks of %i bytes)', async (size) => {
    // "Müller Bäckerei", "Café Crème", "5 €": Latin-1 letters and the euro sign, one byte each.
    const cp1252 = Buffer.from([
      ...Buffer.from('Id,Name\r\n1,M'), 0xfc, ...Buffer.from('ller B'), 0xe4, ...Buffer.from('ckerei\r\n2,Caf'), 0xe9,
      ...Buffer.from(' Cr'), 0xe8, ...Buffer.from('me\r\n3,5 '), 0x80, ...Buffer.from('\r\n'),
    ]);
    expect((await read(cp1252, size)).records).toEqual([
      [1, ['Id', 'Name']],
      [2, ['1', 'Müller Bäckerei']],
      [3, ['2', 'Café Crème']],
      [4, ['3', '5 €']],
    ]);
  });

  it.each([1, 2, 3, 7])('keeps reading UTF-8 as UTF-8, accents cut by chunk ends included (chunks of %i bytes)', async (size) => {
    expect((await read('Id,Name\n1,Müller Bäckerei\n2,Café — 5 €\n', size)).records).toEqual([
      [1, ['Id', 'Name']],
      [2, ['1', 'Müller Bäckerei']],
      [3, ['2', 'Café — 5 €']],
    ]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Id,Name\r\n1,Zoë\r\n', 'utf16le')]);
    expect((await read(utf16, size)).records).toEqual([[1, ['Id', 'Name']], [2, ['1', 'Zoë']]]);
  });

  it('hands on rows with too few or too many columns instead of failing', async () => {
    const { records, broken } = await read('a,b,c\n1,2\n1,2,3,4\n');
    expect(records.map((r) => r[1].length)).toEqual([3, 2, 4]);
    expect(broken).toBeNull();
  });

  it('keeps a stray quote inside an unquoted value as text', async () => {
    expect((await read('size,name\n5",screen\n')).records[1]).toEqual([2, ['5"', 'screen']]);
  });

  it('reads semicolon- and tab-separated files', async () => {
    expect((await read('a;b\n1;"2;3"\n', 7, ';')).records).toEqual([[1, ['a', 'b']], [2, ['1', '2;3']]]);
    expect((await read('a\tb\n1\t2\n', 7, '\t')).records).toEqual([[1, ['a', 'b']], [2, ['1', '2']]]);
  });

  it('a quote never closed: the rows before it are read, and the break is reported at its line', async () => {
    const { records, broken } = await read('a,b\n1,2\n3,"oops\n4,5\n6,7\n');
    expect(records).toEqual([[1, ['a', 'b']], [2, ['1', '2']]]);
    expect(broken).toEqual({ line: 3, message: 'a quoted value that starts on this line is never closed; the rest of the file could not be read' });
  });

  it('a quote never closed in a big file stops at the record size limit instead of filling memory', async () => {
    const text = `a,b\n1,"never closed\n${'x,y\n'.repeat(5000)}`;
    const { records, broken, bytes, total } = await read(text, 1000);
    expect(records).toHaveLength(1);
    expect(broken?.line).toBe(2);
    expect(broken?.message).toMatch(/^a row longer than 4,096 characters starts here/);
    expect(bytes).toBe(total);
  });

  it('counts the bytes it has read', async () => {
    const { bytes, total } = await read('a,b\n1,2\n');
    expect(bytes).toBe(total);
  });

  it('an input that fails makes the reading fail', async () => {
    const input = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    const reader = readCsv(input);
    await expect(async () => {
      for await (const _ of reader.records) void _;
    }).rejects.toThrow('disk on fire');
  });
});
