import { Transform } from 'node:stream';

/**
 * How a file's bytes are text. Exports are UTF-8 (with or without a BOM) or, from Excel's "Unicode
 * text", UTF-16LE with a BOM; but a CSV saved by Excel on Windows, or exported by an older CRM, is
 * Windows-1252 (Latin-1 with € and curly quotes), whose accented letters are not valid UTF-8. Read
 * as UTF-8 they became U+FFFD ("M�ller") in every name, silently. The rule: a BOM says; else the
 * bytes from the first non-ASCII one decide — valid UTF-8 there is UTF-8, anything else is
 * Windows-1252. Before any non-ASCII byte both read the same, so the choice can wait for one.
 */
export type FileEncoding = 'utf8' | 'utf16le' | 'windows-1252';

/**
 * Windows-1252's 0x80–0x9F (€, curly quotes, dashes, …); the rest of its bytes are Latin-1's code
 * points. Node 20's TextDecoder('windows-1252') decodes this range as Latin-1's C1 controls.
 * The five unassigned bytes keep their C1 code point, as the WHATWG decoder does.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Windows-1252 bytes as text. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

/** How many bytes from the first non-ASCII one are checked for UTF-8 (a cut sequence at the end is allowed). */
const WINDOW = 1024;

/**
 * The encoding the bytes show, or null while they are all ASCII (and so read the same either way).
 * `bytes` is the start of the file, or of what remains of it while nothing has decided yet.
 */
export function sniffEncoding(bytes: Uint8Array, atStart = true): FileEncoding | null {
  if (atStart && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (atStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8';
  const first = firstNonAscii(bytes);
  if (first < 0) return null;
  try {
    // `stream: true`: a sequence cut by the end of the window (or of the chunk) is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(first, first + WINDOW), { stream: true });
    return 'utf8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * The start of a file as text, by `sniffEncoding`: what the preview and the import's plan read
 * (a UTF-16 start of odd length drops its last byte).
 */
export function decodeStart(bytes: Buffer): string {
  const encoding = sniffEncoding(bytes) ?? 'utf8';
  if (encoding === 'utf16le') return bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le');
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return bytes.toString('utf8');
}

/** Where the first byte past ASCII is, or -1. */
function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return i;
  return -1;
}

/**
 * A stream of a file's bytes as UTF-8 (UTF-16LE, marked by its BOM, passes as it is: the CSV parser
 * reads it by the BOM). Windows-1252 is one byte a character, so chunks convert on their own. Bytes
 * are held back only while a non-ASCII character (or a BOM) may be cut by the end of a chunk.
 */
export function toUtf8(): Transform {
  let encoding: FileEncoding | null = null;
  let atStart = true;
  let held: Buffer = Buffer.alloc(0);
  const convert = (bytes: Buffer) => (encoding === 'windows-1252' ? Buffer.from(decodeWindows1252(bytes), 'utf8') : bytes);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (encoding !== null) {
        callback(null, convert(chunk));
        return;
      }
      held = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
      const first = firstNonAscii(held);
      if (first < 0) {
        // All ASCII so far: the same in every encoding this reads.
        const out = held;
        held = Buffer.alloc(0);
        atStart = false;
        callback(null, out);
        return;
      }
      // Fewer than 4 bytes from the first non-ASCII one: a character (or a BOM) may go on in the next chunk.
      if (held.length - first < 4) {
        callback();
        return;
      }
      encoding = sniffEncoding(held, atStart);
      const out = convert(held);
      held = Buffer.alloc(0);
      callback(null, out);
    },
    flush(callback) {
      if (held.length === 0) {
        callback();
        return;
      }
      encoding = sniffEncoding(held, atStart) ?? 'utf8';
      callback(null, convert(held));
    },
  });
}
