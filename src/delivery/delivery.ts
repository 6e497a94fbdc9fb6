/**
 * Pure rules of the delivery ledger (M3): the vocabulary of projects, deliverables, targets and
 * incidents; a deliverable's lateness and a target's verdict as of a moment; how a deliverable's
 * status and its delivery and approval times agree. No I/O: the use-cases and the SQL filters
 * follow these rules, and delivery.test.ts pins them down.
 *
 * Days are calendar days in UTC: the workspace has no time zone of its own yet.
 */

export const PROJECT_STATUSES = ['planned', 'active', 'on_hold', 'done', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const DELIVERABLE_STATUSES = ['planned', 'in_progress', 'delivered', 'approved', 'cancelled'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];

/** Where a deliverable stands against its due time. */
export const DELIVERABLE_STATES = ['upcoming', 'due_today', 'overdue', 'delivered_on_time', 'delivered_late', 'cancelled'] as const;
export type DeliverableState = (typeof DELIVERABLE_STATES)[number];

export const INCIDENT_KINDS = ['report_error', 'missed_deadline', 'rework', 'missed_meeting', 'complaint', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

const DAY_MS = 86_400_000;

/** Midnight (UTC) after the calendar day of `at`: the end of "today" for due_today. */
export function startOfNextDayUtc(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** Whole days late, counting a started day as a day: five minutes late is one day late. */
function daysBetween(from: Date, to: Date): number {
  return Math.ceil((to.getTime() - from.getTime()) / DAY_MS);
}

export interface Lateness {
  state: DeliverableState;
  /** Whole days late (0 when delivered on time); null while not yet due, and when cancelled. */
  daysLate: number | null;
}

/**
 * A deliverable's lateness as of `now`. Delivered: on time when delivered at or before the due
 * time, else late by the started days between them. Not delivered: overdue once the due time has
 * passed (late by the started days since), due_today when still due later on today (UTC), else
 * upcoming. Cancelled work is neither late nor on time.
 *
 * The SQL filter on `state` (repo.ts, `stateCondition`) encodes the same boundaries.
 */
export function deliverableLateness(d: { status: DeliverableStatus; dueAt: Date; deliveredAt: Date | null }, now: Date): Lateness {
  if (d.status === 'cancelled') return { state: 'cancelled', daysLate: null };
  if (d.deliveredAt) {
    if (d.deliveredAt.getTime() <= d.dueAt.getTime()) return { state: 'delivered_on_time', daysLate: 0 };
    return { state: 'delivered_late', daysLate: daysBetween(d.dueAt, d.deliveredAt) };
  }
  if (d.dueAt.getTime() < now.getTime()) return { state: 'overdue', daysLate: daysBetween(d.dueAt, now) };
  if (d.dueAt.getTime() < startOfNextDayUtc(now).getTime()) return { state: 'due_today', daysLate: null };
  return { state: 'upcoming', daysLate: null };
}

/** Whether a target was met: null while its actual is unknown. Meeting the goal exactly counts. */
export function targetMet(t: { goal: number; actual: number | null; higherIsBetter: boolean }): boolean | null {
  if (t.actual === null) return null;
  return t.higherIsBetter ? t.actual >= t.goal : t.actual <= t.goal;
}

/** A problem with one input field, as the use-cases report it (`invalid_input` details). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * An end day before the start day (a project's span, a target's period). The problem is named on
 * the field the write sent (`blame`), so a PATCH of the start alone points at the start.
 */
export function checkDateOrder(
  start: string | null,
  end: string | null,
  fields: { start: string; end: string },
  blame: 'start' | 'end' = 'end',
): FieldProblem[] {
  if (start === null || end === null || end >= start) return [];
  return [blame === 'end' ? { path: fields.end, message: 'Cannot be before the start' } : { path: fields.start, message: 'Cannot be after the end' }];
}

/** The fields that hold a project's span and a target's period, for `checkDateOrder`. */
export const SPAN_FIELDS = { start: 'startsOn', end: 'endsOn' } as const;
export const PERIOD_FIELDS = { start: 'periodStart', end: 'periodEnd' } as const;

/** What a write asks of a deliverable's progress: each field absent (undefined) when not sent. */
export interface ProgressInput {
  status?: DeliverableStatus | undefined;
  deliveredAt?: Date | null | undefined;
  approvedAt?: Date | null | undefined;
}

export interface Progress {
  status: DeliverableStatus;
  deliveredAt: Date | null;
  approvedAt: Date | null;
}

const isDone = (status: DeliverableStatus): boolean => status === 'delivered' || status === 'approved';
const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

/**
 * Settles a deliverable's status with its delivery and approval times, so that they always agree:
 * delivered or approved ⇔ a delivery time; approved ⇔ an approval time, not before the delivery.
 *
 * - A status sent wins: `delivered` stamps the delivery time (now, unless known or sent) and drops
 *   an approval; `approved` stamps both (approval now, or at delivery if that is later);
 *   `planned`, `in_progress` and `cancelled` reopen the work, dropping both times — sending a time
 *   together with such a status is refused.
 * - Without a status the times decide: an approval time means approved, a delivery time delivered;
 *   clearing the delivery time of delivered work reopens it as in progress.
 *
 * `before` is the stored deliverable (undefined when creating one). With problems, `progress` is
 * only a best guess and must not be stored.
 */
export function settleProgress(before: Progress | undefined, input: ProgressInput, now: Date): { progress: Progress; problems: FieldProblem[] } {
  const deliveredAt = input.deliveredAt === undefined ? (before?.deliveredAt ?? null) : input.deliveredAt;
  const approvedAt = input.approvedAt === undefined ? (before?.approvedAt ?? null) : input.approvedAt;
  const previous = before?.status ?? 'planned';
  const fail = (...problems: FieldProblem[]) => ({ progress: { status: previous, deliveredAt, approvedAt }, problems });
  switch (input.status) {
    case 'approved': {
      const delivered = deliveredAt ?? approvedAt ?? now;
      return ordered({ status: 'approved', deliveredAt: delivered, approvedAt: approvedAt ?? later(delivered, now) });
    }
    case 'delivered':
      if (input.approvedAt) return fail({ path: 'approvedAt', message: 'Only approved work has an approval time; send status approved' });
      return { progress: { status: 'delivered', deliveredAt: deliveredAt ?? now, approvedAt: null }, problems: [] };
    case 'planned':
    case 'in_progress':
    case 'cancelled': {
      const problems: FieldProblem[] = [];
      if (input.deliveredAt) problems.push({ path: 'deliveredAt', message: `Work that is ${input.status} has no delivery time; send status delivered` });
      if (input.approvedAt) problems.push({ path: 'approvedAt', message: `Work that is ${input.status} has no approval time; send status approved` });
      if (problems.length > 0) return fail(...problems);
      return { progress: { status: input.status, deliveredAt: null, approvedAt: null }, problems: [] };
    }
    case undefined:
      break;
  }
  if (approvedAt) {
    if (!deliveredAt) return fail({ path: 'deliveredAt', message: 'Approved work needs its delivery time; clear approvedAt too to reopen it' });
    return ordered({ status: 'approved', deliveredAt, approvedAt });
  }
  if (deliveredAt) return { progress: { status: 'delivered', deliveredAt, approvedAt: null }, problems: [] };
  return { progress: { status: isDone(previous) ? 'in_progress' : previous, deliveredAt: null, approvedAt: null }, problems: [] };
}

/** A time sent as text (or null, or not at all) as a Date (or null, or undefined). */
export function timeOf(value: string | null | undefined): Date | null | undefined {
  return value === undefined || value === null ? value : new Date(value);
}

/** Approval not before delivery. */
function ordered(progress: Progress): { progress: Progress; problems: FieldProblem[] } {
  if (progress.approvedAt && progress.deliveredAt && progress.approvedAt < progress.deliveredAt) {
    return { progress, problems: [{ path: 'approvedAt', message: 'Cannot be before the delivery time' }] };
  }
  return { progress, problems: [] };
}

/** Midnight UTC of a 'YYYY-MM-DD' day, as an ISO time. */
export function dayStartIso(day: string): string {
  return `${day}T00:00:00.000Z`;
}
