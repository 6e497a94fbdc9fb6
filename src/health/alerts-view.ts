import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../platform/db/database.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { AppError } from '../platform/errors.js';
import type { FactRef } from './facts.js';
import { describeFacts } from './facts-repo.js';
import type { AlertView, ListAlertsQuery } from './schemas.js';
import { alertStateAt, snoozedUntilAt, type AlertSeverity } from './alert-counts.js';

interface AlertRow {
  id: string;
  account_id: string;
  account_name: string;
  kind: string;
  state: string;
  severity: string;
  message: string;
  reasons: Array<{ message: string; facts: FactRef[] }>;
  raised_on: string;
  raised_at: Date;
  updated_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_name: string | null;
  snoozed_until: Date | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolved_name: string | null;
  resolution: string | null;
  cleared_on: string | null;
  note: string;
}

/** The columns of an alert as of `now`: a snooze that has ended reads as open, without its snooze (alert-counts.ts). */
const columns = (now: Date) => sql`
  al.id, al.account_id, a.name as account_name, al.kind, ${alertStateAt('al', now)} as state, al.severity, al.message, al.reasons, al.raised_on::text as raised_on,
  al.raised_at, al.updated_at, al.acknowledged_at, al.acknowledged_by, ua.name as acknowledged_name, ${snoozedUntilAt('al', now)} as snoozed_until,
  al.resolved_at, al.resolved_by, ur.name as resolved_name, al.resolution, al.cleared_on::text as cleared_on, al.note`;
const FROM = sql`
  alerts al join accounts a on a.workspace_id = al.workspace_id and a.id = al.account_id
  left join users ua on ua.id = al.acknowledged_by
  left join users ur on ur.id = al.resolved_by`;

/** Rows as views, the facts of their reasons labelled (one query per fact kind for the whole page). */
async function toViews(db: Db, workspaceId: string, rows: readonly AlertRow[]): Promise<AlertView[]> {
  const facts = await describeFacts(db, workspaceId, rows.flatMap((r) => r.reasons.flatMap((reason) => reason.facts)));
  const person = (id: string | null, name: string | null) => (id ? { userId: id, name: name ?? '' } : null);
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    kind: r.kind as AlertView['kind'],
    state: r.state as AlertView['state'],
    severity: r.severity as AlertView['severity'],
    message: r.message,
    reasons: r.reasons.map((reason) => ({ message: reason.message, facts: reason.facts.map((f) => facts.get(`${f.kind}:${f.id}`)!) })),
    raisedOn: r.raised_on,
    raisedAt: r.raised_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: person(r.acknowledged_by, r.acknowledged_name),
    snoozedUntil: r.snoozed_until?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    resolvedBy: person(r.resolved_by, r.resolved_name),
    resolution: r.resolution as AlertView['resolution'],
    clearedOn: r.cleared_on,
    note: r.note,
  }));
}

/** One alert as of `now`. */
export async function findAlert(db: Db, workspaceId: string, id: string, now: Date): Promise<AlertView | undefined> {
  const { rows } = await sql<AlertRow>`select ${columns(now)} from ${FROM} where al.workspace_id = ${workspaceId} and al.id = ${id}`.execute(db);
  return rows[0] ? (await toViews(db, workspaceId, rows))[0] : undefined;
}

/** A severity's place in the "severity" order: critical first. */
const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
/** SEVERITY_RANK in SQL, of the alerts aliased `al` (literals, so that every page has the same plan). */
const severityRank = (al: string) =>
  sql<number>`(case ${sql.raw(al)}.severity ${sql.join(
    Object.entries(SEVERITY_RANK).map(([severity, rank]) => sql`when ${sql.lit(severity)} then ${sql.lit(rank)}`),
    sql` `,
  )} end)`;

/** The key of the "severity" order in a cursor: the rank and the time, as "1:2026-06-15T10:00:00.000Z". */
function decodeSeverityKey(key: string): [number, string] {
  const match = /^([0-2]):(\d{4}-\d{2}-\d{2}T.+)$/.exec(key);
  const at = match ? Date.parse(match[2]!) : NaN;
  if (!match || Number.isNaN(at) || at < Date.UTC(1900, 0, 1) || at >= Date.UTC(10000, 0, 1)) {
    throw new AppError('invalid_input', 'The cursor is not one this API gave out', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
  }
  return [Number(match[1]), new Date(at).toISOString()];
}

/**
 * Newest first, keyset-paged on (raised_at, id), or by severity (critical first, newest first
 * within each), keyset-paged on (rank, raised_at, id): a list longer than a page still shows every
 * critical alert before the first warning, not only those among the newest page. With the count
 * per state of the same filter and, per state, the count per severity (a badge takes the colour of
 * the highest severity it counts). States are as of `now`: an alert whose snooze has ended is open
 * (alert-counts.ts).
 */
export async function listAlerts(
  db: Db,
  workspaceId: string,
  query: ListAlertsQuery,
  now: Date,
): Promise<{ items: AlertView[]; nextCursor: string | null; counts: Record<string, number>; severities: Record<string, Partial<Record<AlertSeverity, number>>> }> {
  const where: Expression<SqlBool>[] = [sql<boolean>`al.workspace_id = ${workspaceId}`];
  if (query.accountId) where.push(sql<boolean>`al.account_id = ${query.accountId}`);
  if (query.kind?.length) where.push(sql<boolean>`al.kind = any(${query.kind}::text[])`);
  const filtered = sql.join(where, sql` and `);
  const state = alertStateAt('al', now);
  const states = query.state?.length ? query.state : ['open', 'acknowledged', 'snoozed'];
  const paged = [...where, sql<boolean>`${state} = any(${states}::text[])`];
  const bySeverity = query.sort === 'severity';
  if (query.cursor && bySeverity) {
    const [key, id] = decodeCursor(query.cursor, 'text');
    const [rank, at] = decodeSeverityKey(key);
    paged.push(sql<boolean>`(${severityRank('al')} > ${rank} or (${severityRank('al')} = ${rank} and (al.raised_at, al.id) < (${new Date(at)}, ${id}::uuid)))`);
  } else if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 'time');
    paged.push(sql<boolean>`(al.raised_at, al.id) < (${new Date(at)}, ${id}::uuid)`);
  }
  const order = bySeverity ? sql`${severityRank('al')}, al.raised_at desc, al.id desc` : sql`al.raised_at desc, al.id desc`;
  const { rows } = await sql<AlertRow>`
    select ${columns(now)} from ${FROM} where ${sql.join(paged, sql` and `)}
    order by ${order} limit ${query.limit + 1}`.execute(db);
  const { rows: countRows } = await sql<{ state: string; severity: AlertSeverity; n: number }>`
    select ${state} as state, al.severity, count(*)::int as n from alerts al where ${filtered} group by 1, 2`.execute(db);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const counts: Record<string, number> = {};
  const severities: Record<string, Partial<Record<AlertSeverity, number>>> = {};
  for (const r of countRows) {
    counts[r.state] = (counts[r.state] ?? 0) + r.n;
    (severities[r.state] ??= {})[r.severity] = r.n;
  }
  return {
    items: await toViews(db, workspaceId, page),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([bySeverity ? `${SEVERITY_RANK[last.severity as AlertSeverity]}:${last.raised_at.toISOString()}` : last.raised_at.toISOString(), last.id])
        : null,
    counts,
    severities,
  };
}
