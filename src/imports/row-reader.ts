/**
 * Reading one CSV row's mapped values: cleaned of padding and Twenty's formula guard, with the
 * problems found along the way, each naming the column as the file spells it. Shared by the row
 * mappers (map-row.ts, map-ledger-row.ts). Pure: no I/O.
 */
import { z } from 'zod';
import { LONE_SURROGATE } from '../platform/validation.js';
import type { ImportField } from './layouts.js';

/** A mapped column: where it is in the row, its name in the file, the field it fills. */
export interface ColumnBinding {
  index: number;
  column: string;
  field: ImportField;
}

/** Why a row cannot be imported: the column (as the file names it) and the reason. */
export interface RowError {
  column: string | null;
  message: string;
}

/** Reads mapped values from a row and collects the errors found along the way. */
export class RowReader {
  readonly errors: RowError[] = [];
  constructor(
    private readonly fields: readonly string[],
    private readonly bindings: readonly ColumnBinding[],
  ) {}

  /** Every non-empty value mapped to `field`, in column order, cleaned of padding and Twenty's formula guard. */
  all(field: ImportField): Array<{ column: string; value: string }> {
    const out: Array<{ column: string; value: string }> = [];
    for (const b of this.bindings) {
      if (b.field !== field) continue;
      const value = clean(this.fields[b.index] ?? '');
      if (value === '') continue;
      if (value.includes('\u0000')) {
        this.error(b.column, 'contains a NUL character, which cannot be stored');
        continue;
      }
      // A file read as UTF-8 (its first accent was) whose later bytes are not, a part pasted in
      // Windows-1252 say, reaches here with U+FFFD in place of its letters (encoding.ts): stored, the
      // name would stay "M\uFFFDller" for good.
      if (value.includes('\uFFFD')) {
        this.error(b.column, 'contains bytes that are not UTF-8 text (shown as \uFFFD): save the file as UTF-8 (in Excel: CSV UTF-8) and import it again');
        continue;
      }
      if (LONE_SURROGATE.test(value)) {
        this.error(b.column, 'contains a broken character (half of a UTF-16 pair), which cannot be stored: save the file again as UTF-8');
        continue;
      }
      out.push({ column: b.column, value });
    }
    return out;
  }

  first(field: ImportField): { column: string; value: string } | undefined {
    return this.all(field)[0];
  }

  /** The column a field is read from, for errors about a missing value. */
  columnOf(field: ImportField): string | null {
    return this.bindings.find((b) => b.field === field)?.column ?? null;
  }

  error(column: string | null, message: string): void {
    this.errors.push({ column, message });
  }

  /** A text value no longer than `max`, or null when empty. */
  text(field: ImportField, max: number): string | null {
    const found = this.first(field);
    if (!found) return null;
    if (found.value.length > max) {
      this.error(found.column, `too long (${found.value.length} characters; at most ${max})`);
      return null;
    }
    return found.value;
  }
}

/** Trims white space and the zero-width joiner Twenty puts before values that look like formulas. */
function clean(value: string): string {
  return value.replace(/^\u200D/, '').trim();
}

export const quote = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
const EmailSchema = z.email();

/**
 * The parts of a cell holding several values: Twenty's JSON array (`["a", "b"]`), or else the text
 * split at `separators`, each part trimmed, empty ones dropped.
 */
export function splitCell(value: string, separators: RegExp): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
    } catch {
      // Not JSON after all: split it as text below.
    }
  }
  return trimmed.split(separators).map((v) => v.trim()).filter(Boolean);
}

/** Splits a cell holding several addresses: `a@x.io; b@y.io`, or Twenty's JSON array `["a@x.io"]`. */
export function splitEmails(value: string): string[] {
  return splitCell(value, /[;,\s]+/).map((v) => v.replace(/^mailto:/i, '').trim()).filter(Boolean);
}

export function readEmails(row: RowReader, field: ImportField): string[] {
  const out: string[] = [];
  for (const { column, value } of row.all(field)) {
    for (const email of splitEmails(value)) {
      if (email.length > 254 || !EmailSchema.safeParse(email).success) row.error(column, `not an e-mail address (${quote(email)})`);
      else out.push(email.toLowerCase());
    }
  }
  return [...new Set(out)];
}

