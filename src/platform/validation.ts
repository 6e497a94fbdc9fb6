import { z } from 'zod';
import type { ErrorDetail } from './errors.js';

/** A UTF-16 surrogate without its pair: no character, and PostgreSQL's UTF-8 cannot hold it. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `:id` in a route's path: a record's uuid. */
export const IdParamsSchema = z.strictObject({ id: z.uuid() });

/**
 * From 1900 on: year 0 is refused by PostgreSQL (a 500), and PGlite reads years before 100 back as
 * 19xx/20xx, so such a time would be stored as one date and answered as another.
 */
export const EARLIEST_TIME = Date.UTC(1900, 0, 1);
/** Before the year 10000 in UTC: '9999-12-31T23:59-23:59' is in 10000 once converted, which neither engine stores. */
export const LATEST_TIME = Date.UTC(10000, 0, 1);

/** A time a fact happened or is due, as both engines store it: ISO 8601 with an offset, 1900 to 9999. */
export const StoredTimeSchema = z.iso
  .datetime({ offset: true, message: 'An ISO 8601 date-time, e.g. 2026-03-01T14:30:00Z' })
  .refine((v) => Date.parse(v) >= EARLIEST_TIME, 'From the year 1900 on')
  .refine((v) => Date.parse(v) < LATEST_TIME, 'Before the year 10000 (UTC)');

/**
 * A page size in a query string: plain digits, 1 to `max` (`z.coerce.number()` would also take
 * 0x10, 1e2, +5, 5.0 and padded spaces).
 */
export const pageLimit = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'A whole number, e.g. 50')
    .transform(Number)
    .pipe(z.number().min(1, 'At least 1').max(max, `At most ${max}`))
    .default(fallback)
    .describe(`Items per page, 1 to ${max} (default ${fallback})`);

/** Turns zod issues into field-named details: `contacts.3.email: Invalid email`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  return issues.map((issue) => {
    const parts = issue.path.map((p) => String(p));
    if (prefix) parts.unshift(prefix);
    return { path: parts.join('.') || '(root)', message: issue.message };
  });
}
