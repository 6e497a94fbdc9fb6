/**
 * One row of Rapport's delivery ledger CSVs (deliverables, targets, incidents; layouts.ts lists
 * their columns) onto drafts: every value read and checked as src/delivery's schemas and rules
 * check it — the same limits, the same agreement of a deliverable's status with its times
 * (`settleProgress`), the same order of a period (`checkDateOrder`) — or the reasons it cannot be
 * imported, each naming the column as the file spells it. What needs the database (the account,
 * the project, the deliverable, the owner, duplicates) is decided per batch (apply-ledger.ts).
 * Pure: no I/O.
 */
import { isUuid } from '../platform/ids.js';
import {
  checkDateOrder,
  DELIVERABLE_STATUSES,
  INCIDENT_KINDS,
  PERIOD_FIELDS,
  settleProgress,
  type DeliverableStatus,
  type IncidentKind,
  type ProgressInput,
} from '../delivery/delivery.js';
import { parseDateTime, type DateOrder } from './dates.js';
import type { ImportField } from './layouts.js';
import { quote, readEmails, type RowReader } from './row-reader.js';
import type { AccountRef, Mapped } from './map-row.js';

/** A name (or, for a deliverable, a Rapport id) to look up within the row's account; `column` is where it came from. */
export interface NamedRef {
  value: string;
  column: string;
}

export interface DeliverableDraft {
  /** The id in the source system: a row whose external id is stored already is left alone. */
  externalId: string | null;
  /** Tried in order; the first that finds an account is the row's. */
  accountRefs: AccountRef[];
  project: NamedRef;
  title: string;
  dueAt: Date;
  /** What the row says of its progress; settled with the import's time when stored. */
  progress: ProgressInput;
  /** A member's e-mail, lower case. */
  ownerEmail: NamedRef | null;
  notes: string;
}

export interface TargetDraft {
  accountRefs: AccountRef[];
  project: NamedRef | null;
  metric: string;
  /** 'YYYY-MM-DD'. */
  periodStart: string;
  periodEnd: string;
  goal: number;
  actual: number | null;
  higherIsBetter: boolean;
}

export interface IncidentDraft {
  accountRefs: AccountRef[];
  deliverable: NamedRef | null;
  kind: IncidentKind;
  severity: number;
  description: string;
  occurredAt: Date;
}

export type LedgerDraft = DeliverableDraft | TargetDraft | IncidentDraft;

/** Goals and actuals, as delivery/schemas.ts bounds them. */
const MEASURE_LIMIT = 1e12;

function required(row: RowReader, field: ImportField): { column: string; value: string } | undefined {
  const found = row.first(field);
  if (!found) row.error(row.columnOf(field), 'required');
  return found;
}

/**
 * The account a ledger row is on. `account` takes anything: a Rapport id (when it is one) is tried
 * first, then an external id, then a name; `account_id`, `account_external_id` and `account_name`
 * say which. Several columns given: tried in that order, the first one found wins.
 */
export function readLedgerAccount(row: RowReader): AccountRef[] {
  const refs: AccountRef[] = [];
  const byId = row.first('accountId');
  if (byId) {
    if (isUuid(byId.value)) refs.push({ by: 'id', value: byId.value.toLowerCase(), column: byId.column });
    else row.error(byId.column, `not a Rapport account id (${quote(byId.value)}): use the account's name or external id in another account column`);
  }
  const byExternal = row.first('accountExternalId');
  if (byExternal) refs.push({ by: 'externalId', value: byExternal.value, column: byExternal.column });
  const byName = row.first('accountName');
  if (byName) refs.push({ by: 'name', value: byName.value, column: byName.column });
  const any = row.first('account');
  if (any) {
    if (isUuid(any.value)) refs.push({ by: 'id', value: any.value.toLowerCase(), column: any.column });
    refs.push({ by: 'externalId', value: any.value, column: any.column }, { by: 'name', value: any.value, column: any.column });
  }
  if (refs.length === 0 && !byId) {
    row.error(row.columnOf('account') ?? row.columnOf('accountName') ?? row.columnOf('accountExternalId') ?? row.columnOf('accountId'), 'required: the account (its name, external id or Rapport id)');
  }
  return refs;
}

/** A date-time, read as dates.ts reads them (no zone = UTC), or null when empty or bad (the error noted). */
function readTime(row: RowReader, field: ImportField, dateOrder: DateOrder | undefined, need: boolean): Date | null {
  const found = need ? required(row, field) : row.first(field);
  if (!found) return null;
  const parsed = parseDateTime(found.value, dateOrder);
  if (parsed.ok) return parsed.date;
  row.error(found.column, parsed.message);
  return null;
}

/** A calendar day ('YYYY-MM-DD'), written without a time (or at midnight UTC), or null when empty or bad. */
function readDay(row: RowReader, field: ImportField, dateOrder: DateOrder | undefined): string | null {
  const found = required(row, field);
  if (!found) return null;
  const parsed = parseDateTime(found.value, dateOrder);
  if (!parsed.ok) {
    row.error(found.column, parsed.message);
    return null;
  }
  const iso = parsed.date.toISOString();
  if (!iso.endsWith('T00:00:00.000Z')) {
    row.error(found.column, `not a day (${quote(found.value)}): write the day alone, e.g. 2024-01-31`);
    return null;
  }
  return iso.slice(0, 10);
}

const word = (value: string) => value.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** A deliverable status in Rapport's words, any case, spaces or dashes for underscores (`In progress`), or null. */
export function parseDeliverableStatus(value: string): DeliverableStatus | null {
  const w = word(value);
  return (DELIVERABLE_STATUSES as readonly string[]).includes(w) ? (w as DeliverableStatus) : null;
}

/** An incident kind in Rapport's words, any case, spaces or dashes for underscores (`Missed deadline`), or null. */
export function parseIncidentKind(value: string): IncidentKind | null {
  const w = word(value);
  return (INCIDENT_KINDS as readonly string[]).includes(w) ? (w as IncidentKind) : null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

/** true/false, yes/no, y/n, 1/0 in any case, or null. */
export function parseBoolean(value: string): boolean | null {
  const w = value.trim().toLowerCase();
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : null;
}

/**
 * A number as people write it: `1200`, `-3.5`, `1,200.50`, `1.200,50`, `1 200`. Thousands
 * separators are told from decimal marks as parseAmount does (one comma before exactly three
 * digits is a thousands separator). No currency, no percent sign: null for anything else.
 */
export function parseNumber(text: string): number | null {
  const rest = text.trim().replace(/[\s\u00A0\u202F']/g, '');
  if (!/^[-+]?(\d[\d.,]*|[.,]\d+)$/.test(rest)) return null;
  const lastComma = rest.lastIndexOf(',');
  const lastDot = rest.lastIndexOf('.');
  let normalized: string;
  if (lastComma >= 0 && lastDot >= 0) normalized = lastComma > lastDot ? rest.replace(/\./g, '').replace(',', '.') : rest.replace(/,/g, '');
  else if (lastComma >= 0) normalized = /^[-+]?\d{1,3}(,\d{3})+$/.test(rest) ? rest.replace(/,/g, '') : rest.replace(',', '.');
  else normalized = /^[-+]?\d{1,3}(\.\d{3}){2,}$/.test(rest) ? rest.replace(/\./g, '') : rest;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(normalized)) return null;
  const n = Number(normalized);
  return Number.isFinite(n) ? n : null;
}

function readMeasure(row: RowReader, field: ImportField, need: boolean): number | null {
  const found = need ? required(row, field) : row.first(field);
  if (!found) return null;
  const n = parseNumber(found.value);
  if (n === null) row.error(found.column, `not a number (${quote(found.value)})`);
  else if (Math.abs(n) > MEASURE_LIMIT) row.error(found.column, `out of range (${quote(found.value)}): from -1,000,000,000,000 to 1,000,000,000,000`);
  else return n;
  return null;
}

/** Field names in delivery.ts's messages, as this file's columns (or Rapport's column names when absent). */
function inFileTerms(row: RowReader, message: string): string {
  const names: Record<string, string> = {
    deliveredAt: row.columnOf('deliveredAt') ?? 'delivered_at',
    approvedAt: row.columnOf('approvedAt') ?? 'approved_at',
  };
  const status = row.columnOf('status') ?? 'status';
  return message
    .replace(/\b(deliveredAt|approvedAt)\b/g, (m) => names[m] ?? m)
    .replace(/\bsend status\b/g, `set ${status} to`)
    .replace(/^Cannot\b/, 'cannot')
    .replace(/^([A-Z])/, (c) => c.toLowerCase());
}

export function mapDeliverable(row: RowReader, dateOrder: DateOrder | undefined): Mapped<DeliverableDraft> {
  const accountRefs = readLedgerAccount(row);
  const projectCell = required(row, 'project');
  const projectName = row.text('project', 200);
  const title = required(row, 'title') ? row.text('title', 300) : null;
  const dueAt = readTime(row, 'dueAt', dateOrder, true);
  const errorsBefore = row.errors.length;
  const deliveredAt = readTime(row, 'deliveredAt', dateOrder, false);
  const approvedAt = readTime(row, 'approvedAt', dateOrder, false);
  const timesRead = row.errors.length === errorsBefore;
  const statusCell = row.first('status');
  let status: DeliverableStatus | undefined;
  if (statusCell) {
    status = parseDeliverableStatus(statusCell.value) ?? undefined;
    if (!status) row.error(statusCell.column, `unknown status (${quote(statusCell.value)}): use ${DELIVERABLE_STATUSES.join(', ')}`);
  }
  const progress: ProgressInput = { status, deliveredAt: deliveredAt ?? undefined, approvedAt: approvedAt ?? undefined };
  if (timesRead && (!statusCell || status)) {
    // The problems do not depend on the time given: the import's own time stamps the progress when stored.
    for (const problem of settleProgress(undefined, progress, new Date(0)).problems) {
      const field = problem.path === 'deliveredAt' || problem.path === 'approvedAt' ? problem.path : 'status';
      row.error(row.columnOf(field) ?? row.columnOf('status'), inFileTerms(row, problem.message));
    }
  }
  const owner = readEmails(row, 'ownerEmail');
  const ownerColumn = row.columnOf('ownerEmail') ?? 'owner_email';
  if (owner.length > 1) row.error(ownerColumn, `one owner only (${owner.length} addresses)`);
  const notes = row.text('notes', 20_000) ?? '';
  const externalId = row.text('externalId', 500);
  if (row.errors.length > 0 || !projectCell || projectName === null || title === null || dueAt === null) return { ok: false, errors: row.errors };
  return {
    ok: true,
    draft: { externalId, accountRefs, project: { value: projectName, column: projectCell.column }, title, dueAt, progress, ownerEmail: owner[0] ? { value: owner[0], column: ownerColumn } : null, notes },
  };
}

export function mapTarget(row: RowReader, dateOrder: DateOrder | undefined): Mapped<TargetDraft> {
  const accountRefs = readLedgerAccount(row);
  const projectCell = row.first('project');
  const projectName = row.text('project', 200);
  const metric = required(row, 'metric') ? row.text('metric', 200) : null;
  const periodStart = readDay(row, 'periodStart', dateOrder);
  const periodEnd = readDay(row, 'periodEnd', dateOrder);
  if (periodStart !== null && periodEnd !== null && checkDateOrder(periodStart, periodEnd, PERIOD_FIELDS).length > 0) {
    row.error(row.columnOf('periodEnd'), `cannot be before ${row.columnOf('periodStart') ?? 'period_start'} (${periodEnd} is before ${periodStart})`);
  }
  const goal = readMeasure(row, 'goal', true);
  const actual = readMeasure(row, 'actual', false);
  const better = row.first('higherIsBetter');
  let higherIsBetter = true;
  if (better) {
    const parsed = parseBoolean(better.value);
    if (parsed === null) row.error(better.column, `not true or false (${quote(better.value)}): use true/false, yes/no or 1/0`);
    else higherIsBetter = parsed;
  }
  if (row.errors.length > 0 || metric === null || periodStart === null || periodEnd === null || goal === null) return { ok: false, errors: row.errors };
  return {
    ok: true,
    draft: { accountRefs, project: projectCell && projectName !== null ? { value: projectName, column: projectCell.column } : null, metric, periodStart, periodEnd, goal, actual, higherIsBetter },
  };
}

export function mapIncident(row: RowReader, dateOrder: DateOrder | undefined): Mapped<IncidentDraft> {
  const accountRefs = readLedgerAccount(row);
  const deliverableCell = row.first('deliverable');
  const deliverable = row.text('deliverable', 300);
  const kindCell = required(row, 'kind');
  const kind = kindCell ? parseIncidentKind(kindCell.value) : null;
  if (kindCell && !kind) row.error(kindCell.column, `unknown kind (${quote(kindCell.value)}): use ${INCIDENT_KINDS.join(', ')}`);
  const severityCell = required(row, 'severity');
  let severity: number | null = null;
  if (severityCell) {
    const n = /^[+]?\d+(\.0+)?$/.test(severityCell.value) ? Number(severityCell.value) : NaN;
    if (n === 1 || n === 2 || n === 3) severity = n;
    else row.error(severityCell.column, `not 1, 2 or 3 (${quote(severityCell.value)}): 1 minor, 2 notable, 3 serious`);
  }
  const description = row.text('description', 20_000) ?? '';
  const occurredAt = readTime(row, 'occurredAt', dateOrder, true);
  if (row.errors.length > 0 || !kind || severity === null || occurredAt === null) return { ok: false, errors: row.errors };
  return {
    ok: true,
    draft: { accountRefs, deliverable: deliverableCell && deliverable !== null ? { value: deliverable, column: deliverableCell.column } : null, kind, severity, description, occurredAt },
  };
}
