import { Transform, pipeline, type Readable } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';
import { toUtf8 } from './encoding.js';

/** A record of the file with the physical line it starts on (1-based; quoted line breaks counted). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Where the file stops being readable, and why (an unclosed quote swallows the rest of the file). */
export interface CsvBreak {
  line: number;
  message: string;
}

export interface CsvReader {
  /** Every record, the header first. Empty lines come as `['']`: the caller skips blank rows. */
  records: AsyncIterable<CsvRecord>;
  /** Bytes taken from the input so far. */
  bytesRead(): number;
  /** Set when part of the file could not be parsed; rows after `line` were not read. */
  broken(): CsvBreak | null;
}

export interface CsvReaderOptions {
  delimiter?: string;
  /** Characters one record may hold before it is taken for an unclosed quote (default 1 MiB). */
  maxRecordChars?: number;
}

const LINE_BREAK = /\r\n|\r|\n/g;

function lineBreaks(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    if (field.includes('\n') || field.includes('\r')) count += field.match(LINE_BREAK)?.length ?? 0;
  }
  return count;
}

/**
 * Streams a CSV through csv-parse, one record at a time, so a file of any size is never held in
 * memory: a UTF-8 (or UTF-16) BOM is dropped, a Windows-1252 file (Excel's CSV) is read as such
 * (`encoding.ts`), quoted values may hold separators, quotes and line
 * breaks, lines may end in CRLF, LF or CR (even mixed), and a row with too few or too many columns
 * is handed on for the caller to report rather than stopping the parse.
 *
 * Line numbers are counted here, not taken from csv-parse (whose count doubles CRLF line ends): a
 * record spans one line plus the line breaks inside its quoted values, so the next record starts
 * that many lines further on.
 */
export function readCsv(input: Readable, options: CsvReaderOptions = {}): CsvReader {
  let bytes = 0;
  let nextLine = 1;
  let broken: CsvBreak | null = null;
  const maxRecordChars = options.maxRecordChars ?? 1024 * 1024;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const parserOptions: Options<CsvRecord, string[]> = {
    bom: true,
    delimiter: options.delimiter ?? ',',
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // A stray quote inside an unquoted value (5" screen) is kept as text instead of failing the file.
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    max_record_size: maxRecordChars,
    on_record: (record: string[]) => {
      const line = nextLine;
      nextLine = line + 1 + lineBreaks(record);
      return { line, fields: record };
    },
    on_skip: (error: CsvError | undefined) => {
      if (broken) return;
      const reason =
        error?.code === 'CSV_MAX_RECORD_SIZE'
          ? `a row longer than ${maxRecordChars.toLocaleString('en')} characters starts here (a quote that is never closed?)`
          : error?.code === 'CSV_QUOTE_NOT_CLOSED'
            ? 'a quoted value that starts on this line is never closed'
            : (error?.message ?? 'the row could not be read');
      broken = { line: nextLine, message: `${reason}; the rest of the file could not be read` };
      return undefined;
    },
  };
  const parser = parse(parserOptions as unknown as Options);
  // Errors from the input (a broken upload, an unreadable file) reach the reader as a rejected iteration.
  const output = pipeline(input, counter, toUtf8(), parser, () => undefined);
  return {
    records: output as AsyncIterable<CsvRecord>,
    bytesRead: () => bytes,
    broken: () => broken,
  };
}
