import { z } from 'zod';
import { DATE_ORDERS } from './dates.js';
import { ALL_FIELDS, IMPORT_KINDS, LAYOUT_IDS } from './layouts.js';
import { pageLimit } from '../platform/validation.js';

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/** The largest file POST /api/imports takes; the preview reads at most PREVIEW_LIMIT_BYTES. */
export const UPLOAD_LIMIT_BYTES = 200 * 1024 * 1024;
export const PREVIEW_LIMIT_BYTES = 1024 * 1024;
export const PREVIEW_ROWS = 20;

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A JSON object in a query parameter: column name → field (or null to leave the column out). */
export const MappingSchema = z
  .record(z.string().min(1).max(500), z.enum(ALL_FIELDS as [string, ...string[]]).nullable())
  .refine((m) => Object.keys(m).length <= 1000, 'At most 1000 columns');

const MappingParam = z
  .string()
  .max(100_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not JSON: send {"column": "field", ...}' });
      return z.NEVER;
    }
  })
  .pipe(MappingSchema)
  .describe('JSON object: column name → Rapport field (null leaves the column out); replaces the detected mapping');

const DateParam = z.iso
  .datetime({ offset: true, message: 'An ISO 8601 date-time, e.g. 2025-01-01T00:00:00Z' })
  .or(z.iso.date({ message: 'A date, e.g. 2025-01-01' }));

const Filename = z
  .string()
  .trim()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  .refine((v) => !/[\u0000-\u001f]/.test(v), 'No control characters');

/** The currency Rapport suggests for amounts without one when the workspace's accounts name none. */
export const FALLBACK_CURRENCY = 'EUR';

/** A currency code as a person types it (any letter case), upper-cased. */
export const CurrencyParam = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'A three-letter ISO 4217 code, e.g. EUR')
  .transform((v) => v.toUpperCase())
  .describe('Accounts: the currency of an amount whose row names none (no currency column, no code or symbol with the amount); without it such a row fails');

export const PreviewQuerySchema = z.strictObject({
  filename: Filename.optional(),
  mapping: MappingParam.optional(),
  kind: z.enum(IMPORT_KINDS).optional().describe('What the rows become; default: the layout\'s kind, or what the mapped fields imply'),
  currency: CurrencyParam.optional(),
  dateOrder: z.enum(DATE_ORDERS).optional().describe('How to read 03/04/2024: dmy (3 April) or mdy (4 March)'),
  from: DateParam.optional().describe('Calendar files: first day of the range (default a year ago)'),
  to: DateParam.optional().describe('Calendar files: last day of the range (default 90 days ahead)'),
});
export type PreviewQuery = z.infer<typeof PreviewQuerySchema>;

export const StartImportQuerySchema = PreviewQuerySchema.extend({
  filename: Filename.default('upload'),
  dryRun: Bool.default(false).describe('Read and check every row, count what would change, save nothing'),
});
export type StartImportQuery = z.infer<typeof StartImportQuerySchema>;

export const ListImportsQuerySchema = z.strictObject({
  limit: pageLimit(100, 20),
  cursor: z.string().max(500).optional(),
});
export type ListImportsQuery = z.infer<typeof ListImportsQuerySchema>;

export const ImportErrorSchema = z.object({
  line: z.number().int().describe('1-based physical line of the file where the row starts (0: not tied to a row)'),
  column: z.string().nullable(),
  message: z.string().describe('The column and the reason, e.g. `occurredAt: not a date ("31/02/2024")`'),
});

export const ImportSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  format: z.enum(['csv', 'ics']),
  layout: z.enum(LAYOUT_IDS).nullable(),
  layoutLabel: z.string().nullable(),
  kind: z.enum(IMPORT_KINDS).nullable().describe('What the rows become; null for a calendar (touchpoints from meetings)'),
  status: z.enum(IMPORT_STATUSES),
  dryRun: z.boolean(),
  bytesTotal: z.number().int().nullable(),
  bytesRead: z.number().int(),
  percent: z.number().min(0).max(100).nullable().describe('Share of the file read, when its size is known'),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsUnchanged: z.number().int().describe('Rows already in Rapport (duplicates): left as they are'),
  rowsFailed: z.number().int(),
  accountsMarkedLost: z
    .number()
    .int()
    .describe('Of the rows imported, accounts recorded as lost with their loss record: created lost, or lost before without one (decision 0021); would be, in a dry run')
    .default(0),
  errors: z.array(ImportErrorSchema).describe('Bad rows by line (the first 1000 kept; a list shows the first 10)'),
  errorsOmitted: z.number().int().describe('Bad rows not in `errors`'),
  failure: z.string().nullable().describe('Why the import stopped before the end of the file, if it did'),
  mapping: z.record(z.string(), z.string()).nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});
export type ImportView = z.infer<typeof ImportSchema>;

export const ImportPageSchema = z.object({ items: z.array(ImportSchema), nextCursor: z.string().nullable() });

export const PreviewRowSchema = z.object({
  line: z.number().int(),
  values: z.record(z.string(), z.unknown()).describe('The row on Rapport\'s fields'),
  outcome: z.enum(['new', 'unchanged', 'failed']).nullable().describe('What importing the row would do; null: not decided while the file has `problems`'),
  errors: z.array(z.string()),
  notes: z.array(z.string()).describe('More on what importing the row would do, where the outcome alone would mislead (a lost account: its loss record is created, kept, or not recorded)'),
});

export const ImportPreviewSchema = z.object({
  format: z.enum(['csv', 'ics']),
  layout: z.enum(LAYOUT_IDS).nullable(),
  layoutLabel: z.string().nullable(),
  kind: z.enum(IMPORT_KINDS).nullable(),
  header: z.array(z.string()),
  mapping: z.record(z.string(), z.string().nullable()).describe('Column → field (null: not imported)'),
  fields: z.array(z.string()).describe('The fields a column can map to'),
  fieldsByKind: z.record(z.string(), z.array(z.string())),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).describe('Why the file cannot be imported as mapped (empty when it can)'),
  currency: z
    .object({
      applied: z.string().nullable().describe('The `currency` given: amounts without one are in it (marked in the rows); null: such rows fail'),
      suggested: z.string().describe('What to offer: the currency most of the workspace\'s accounts are in, else EUR'),
      suggestedFrom: z.enum(['accounts', 'fallback']),
    })
    .nullable()
    .describe('Amounts whose row names no currency (CSV; null for a calendar)'),
  rows: z.array(PreviewRowSchema),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;
