import { Readable } from 'node:stream';
import { AppError } from '../platform/errors.js';
import { readCsv } from './csv-reader.js';
import type { DateOrder } from './dates.js';
import {
  checkMapping,
  detectDelimiter,
  detectFormat,
  detectLayout,
  kindOfMapping,
  normalizeHeader,
  suggestMapping,
  type ColumnMapping,
  type ExternalSystem,
  type ImportKind,
  type LayoutId,
} from './layouts.js';

/** How a CSV is read: its layout, what it imports, and which column fills which field. */
export interface CsvPlan {
  format: 'csv';
  kind: ImportKind;
  layout: LayoutId;
  system: ExternalSystem;
  header: string[];
  /** Column → field, only the columns that are imported. */
  mapping: Record<string, string>;
  delimiter: string;
  dateOrder?: DateOrder | undefined;
  /** The currency of an amount whose row names none; without one such rows fail. */
  currency?: string | undefined;
}

/** A calendar: the occurrences starting within [from, to] become touchpoints. */
export interface IcsPlan {
  format: 'ics';
  from: Date;
  to: Date;
}

export type ImportPlan = CsvPlan | IcsPlan;

export interface PlanInput {
  /** Column → field, replacing the detected mapping; null leaves a column out. */
  mapping?: ColumnMapping | undefined;
  /** What the rows become, when the person said so; else the layout's kind, or what the mapping's fields imply. */
  kind?: ImportKind | undefined;
  dateOrder?: DateOrder | undefined;
  /** Amounts whose row names no currency are in this one (docs/decisions/0019-import-defaults.md). */
  currency?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** How much of a file `planImport` needs: enough for any header. */
export const PLAN_BYTES = 256 * 1024;
const DAY_MS = 86_400_000;
/** A calendar import covers a year back and three months ahead unless told otherwise. */
export const DEFAULT_ICS_RANGE = { pastDays: 365, futureDays: 90 };

/** The header of a CSV from the start of the file (the first record; quoted line breaks allowed). */
export async function readHeader(start: string, delimiter: string): Promise<string[]> {
  const reader = readCsv(Readable.from([Buffer.from(start)]), { delimiter });
  for await (const record of reader.records) return record.fields.map(normalizeHeader);
  return [];
}

/**
 * Decides how to import a file from its first bytes: calendar or CSV by content; for a CSV the
 * separator, the layout from the header, and the mapping (the given one, or the layout's). Throws
 * `invalid_input` naming what to fix when the file is empty, the header matches no layout and no
 * mapping was given, or the mapping does not fit the header.
 */
export async function planImport(start: string, input: PlanInput, now: Date): Promise<ImportPlan> {
  if (start.replace(/^\uFEFF/, '').trim() === '') throw new AppError('invalid_input', 'The file is empty', [{ path: 'file', message: 'Empty' }]);
  if (detectFormat(start) === 'ics') {
    const from = input.from ?? new Date(now.getTime() - DEFAULT_ICS_RANGE.pastDays * DAY_MS);
    const to = input.to ?? new Date(now.getTime() + DEFAULT_ICS_RANGE.futureDays * DAY_MS);
    if (from.getTime() > to.getTime()) throw new AppError('invalid_input', 'The import range ends before it starts', [{ path: 'from', message: 'After to' }]);
    return { format: 'ics', from, to };
  }
  const firstLine = start.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/, 1)[0] ?? '';
  const delimiter = detectDelimiter(firstLine);
  const header = await readHeader(start, delimiter);
  if (header.every((h) => h === '')) throw new AppError('invalid_input', 'The first line of the file (the header) is empty', [{ path: 'header', message: 'Empty' }]);
  const layout = detectLayout(header);
  if (!layout && !input.mapping) {
    throw new AppError(
      'invalid_input',
      'The columns of this file match no layout Rapport knows (HubSpot, Salesforce or Twenty exports, Rapport touchpoints, deliverables, targets or incidents): map its columns to fields',
      [{ path: 'header', message: header.slice(0, 30).join(', ') + (header.length > 30 ? ', …' : '') }],
    );
  }
  const given = input.mapping ? normalizeMapping(input.mapping) : undefined;
  const mapping = given ?? suggestMapping(layout, header);
  const kind = input.kind ?? (given ? kindOfMapping(given, layout?.kind ?? null) : (layout?.kind ?? 'accounts'));
  const problems = checkMapping(mapping, header, kind);
  if (problems.length > 0) throw new AppError('invalid_input', `The column mapping does not fit this file: ${problems[0]?.path}: ${problems[0]?.message}`, problems);
  const keepsLayout = layout !== null && layout.kind === kind;
  return {
    format: 'csv',
    kind,
    layout: keepsLayout ? layout.id : `custom_${kind}`,
    system: keepsLayout ? layout.system : 'csv',
    header,
    mapping: Object.fromEntries(Object.entries(mapping).filter((e): e is [string, string] => typeof e[1] === 'string')),
    delimiter,
    dateOrder: input.dateOrder,
    currency: input.currency,
  };
}

function normalizeMapping(mapping: ColumnMapping): ColumnMapping {
  return Object.fromEntries(Object.entries(mapping).map(([column, field]) => [normalizeHeader(column), field === '' ? null : field]));
}
