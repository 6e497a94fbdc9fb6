/**
 * The start of a file as the server will read it (src/imports/encoding.ts): a BOM says UTF-16LE or
 * UTF-8; else the bytes from the first non-ASCII one decide, UTF-8 when they are valid UTF-8 and
 * Windows-1252 (Excel's CSV on Windows) when not. `Blob.text()` always reads UTF-8, which turned
 * every accent of such a file into U+FFFD in the preview, and UTF-16 into noise.
 */
export function decodeFileStart(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  let first = -1;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) >= 0x80) {
      first = i;
      break;
    }
  }
  if (first >= 0 && !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    try {
      // `stream: true`: a character cut by the end of the window is not an error.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(first, first + 1024), { stream: true });
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** The start of a big file ends mid-row: cut it at the last line break so every row is whole. */
export function wholeLines(text: string, truncated: boolean): string {
  if (!truncated) return text;
  const end = Math.max(text.lastIndexOf('\n'), 0);
  return end > 0 ? text.slice(0, end + 1) : text;
}

/** The first `limit` bytes of a file as text, in whole lines. */
export async function readFileStart(file: File, limit: number): Promise<string> {
  const bytes = new Uint8Array(await file.slice(0, limit).arrayBuffer());
  return wholeLines(decodeFileStart(bytes), file.size > limit);
}
