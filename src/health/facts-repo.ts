import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { AccountFacts, FactRef } from './facts.js';

const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

/**
 * The raw facts of accounts, as `summarizeFacts` and the backtest read them: every touchpoint (with
 * its contacts and sentiment), deliverable, target, incident and contact, optionally only those
 * dated before `before` (exclusive). One query per kind for all the accounts asked for.
 */
export async function loadAccountFacts(db: Db, workspaceId: string, accountIds: readonly string[], before?: Date): Promise<Map<string, AccountFacts>> {
  const facts = new Map<string, AccountFacts>();
  if (accountIds.length === 0) return facts;
  const ids = [...new Set(accountIds)];
  const until = before ?? new Date('9999-12-31T00:00:00Z');

  const { rows: accounts } = await sql<{ id: string; cadence_days: number | null; since: string }>`
    select a.id, a.cadence_days, coalesce(a.started_on, (a.created_at at time zone 'UTC')::date)::text as since
    from accounts a where a.workspace_id = ${workspaceId} and a.id = any(${ids}::uuid[])`.execute(db);
  for (const a of accounts) {
    facts.set(a.id, { account: { id: a.id, cadenceDays: a.cadence_days, since: a.since }, contacts: [], touchpoints: [], deliverables: [], targets: [], incidents: [] });
  }

  const { rows: contacts } = await sql<{ id: string; account_id: string; role: string; status: string; left_on: string | null; known_from: string }>`
    select c.id, c.account_id, c.role, c.status, c.left_on, (c.created_at at time zone 'UTC')::date::text as known_from
    from contacts c where c.workspace_id = ${workspaceId} and c.account_id = any(${ids}::uuid[])
    order by c.id`.execute(db);
  for (const c of contacts) {
    facts.get(c.account_id)?.contacts.push({
      id: c.id,
      role: c.role as AccountFacts['contacts'][number]['role'],
      status: c.status as 'active' | 'left',
      leftOn: c.left_on,
      knownFrom: c.known_from,
    });
  }

  const { rows: touchpoints } = await sql<{ id: string; account_id: string; occurred_at: Date; direction: string; sentiment: number | null; contact_ids: string[] | null }>`
    select t.id, t.account_id, t.occurred_at, t.direction, t.sentiment,
           (select array_agg(tc.contact_id order by tc.contact_id) from touchpoint_contacts tc
             where tc.workspace_id = t.workspace_id and tc.touchpoint_id = t.id) as contact_ids
    from touchpoints t
    where t.workspace_id = ${workspaceId} and t.account_id = any(${ids}::uuid[]) and t.occurred_at < ${until}
    order by t.occurred_at, t.id`.execute(db);
  for (const t of touchpoints) {
    facts.get(t.account_id)?.touchpoints.push({
      id: t.id,
      occurredAt: iso(t.occurred_at),
      direction: t.direction as 'agency_initiated' | 'client_initiated',
      contactIds: t.contact_ids ?? [],
      sentiment: t.sentiment,
    });
  }

  const { rows: deliverables } = await sql<{
    id: string;
    account_id: string;
    project_id: string;
    title: string;
    due_at: Date;
    delivered_at: Date | null;
    approved_at: Date | null;
    status: string;
  }>`
    select d.id, d.account_id, d.project_id, d.title, d.due_at, d.delivered_at, d.approved_at, d.status
    from deliverables d
    where d.workspace_id = ${workspaceId} and d.account_id = any(${ids}::uuid[]) and d.due_at < ${until}
    order by d.due_at, d.id`.execute(db);
  for (const d of deliverables) {
    facts.get(d.account_id)?.deliverables.push({
      id: d.id,
      projectId: d.project_id,
      title: d.title,
      dueAt: iso(d.due_at),
      // What happened after `before` is not known yet.
      deliveredAt: d.delivered_at && d.delivered_at < until ? iso(d.delivered_at) : null,
      approvedAt: d.approved_at && d.approved_at < until ? iso(d.approved_at) : null,
      status: d.status,
    });
  }

  const { rows: targets } = await sql<{
    id: string;
    account_id: string;
    metric: string;
    period_start: string;
    period_end: string;
    goal: number;
    actual: number | null;
    higher_is_better: boolean;
  }>`
    select g.id, g.account_id, g.metric, g.period_start, g.period_end, g.goal, g.actual, g.higher_is_better
    from targets g
    where g.workspace_id = ${workspaceId} and g.account_id = any(${ids}::uuid[]) and g.period_end < ${until.toISOString().slice(0, 10)}::date
    order by g.period_end, g.id`.execute(db);
  for (const g of targets) {
    facts.get(g.account_id)?.targets.push({
      id: g.id,
      metric: g.metric,
      periodStart: g.period_start,
      periodEnd: g.period_end,
      goal: Number(g.goal),
      actual: g.actual === null ? null : Number(g.actual),
      higherIsBetter: g.higher_is_better,
    });
  }

  const { rows: incidents } = await sql<{ id: string; account_id: string; kind: string; severity: number; occurred_at: Date }>`
    select i.id, i.account_id, i.kind, i.severity, i.occurred_at
    from incidents i
    where i.workspace_id = ${workspaceId} and i.account_id = any(${ids}::uuid[]) and i.occurred_at < ${until}
    order by i.occurred_at, i.id`.execute(db);
  for (const i of incidents) {
    facts.get(i.account_id)?.incidents.push({
      id: i.id,
      kind: i.kind as AccountFacts['incidents'][number]['kind'],
      severity: i.severity as 1 | 2 | 3,
      occurredAt: iso(i.occurred_at),
    });
  }
  return facts;
}

/** A fact as a person reads it next to a number: what it is and when. */
export interface FactView {
  kind: FactRef['kind'];
  id: string;
  label: string;
  at: string | null;
}

/**
 * Labels for fact references (subject of a touchpoint, title of a deliverable, metric of a target,
 * kind and description of an incident, name of a contact), in the order asked; a fact deleted since
 * keeps its reference with the label '(deleted)'.
 */
export async function describeFacts(db: Db, workspaceId: string, refs: readonly FactRef[]): Promise<Map<string, FactView>> {
  const byKind = new Map<FactRef['kind'], string[]>();
  for (const r of refs) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
  const found = new Map<string, FactView>();
  const add = (kind: FactRef['kind'], rows: Array<{ id: string; label: string; at: Date | string | null }>) => {
    for (const row of rows) found.set(`${kind}:${row.id}`, { kind, id: row.id, label: row.label, at: row.at === null ? null : iso(row.at) });
  };
  const ids = (kind: FactRef['kind']) => [...new Set(byKind.get(kind) ?? [])];
  if (ids('touchpoint').length) {
    const { rows } = await sql<{ id: string; label: string; at: Date }>`
      select id, case when subject <> '' then subject else channel || ' (' || replace(direction, '_', ' ') || ')' end as label, occurred_at as at
      from touchpoints where workspace_id = ${workspaceId} and id = any(${ids('touchpoint')}::uuid[])`.execute(db);
    add('touchpoint', rows);
  }
  if (ids('deliverable').length) {
    const { rows } = await sql<{ id: string; label: string; at: Date }>`
      select id, title as label, due_at as at from deliverables where workspace_id = ${workspaceId} and id = any(${ids('deliverable')}::uuid[])`.execute(db);
    add('deliverable', rows);
  }
  if (ids('target').length) {
    const { rows } = await sql<{ id: string; label: string; at: string }>`
      select id, metric || ' ' || period_start::text || ' – ' || period_end::text as label, period_end::text as at
      from targets where workspace_id = ${workspaceId} and id = any(${ids('target')}::uuid[])`.execute(db);
    add('target', rows.map((r) => ({ ...r, at: `${r.at}T00:00:00Z` })));
  }
  if (ids('incident').length) {
    const { rows } = await sql<{ id: string; label: string; at: Date }>`
      select id, replace(kind, '_', ' ') || case when description <> '' then ': ' || left(description, 120) else '' end as label, occurred_at as at
      from incidents where workspace_id = ${workspaceId} and id = any(${ids('incident')}::uuid[])`.execute(db);
    add('incident', rows);
  }
  if (ids('contact').length) {
    const { rows } = await sql<{ id: string; label: string; at: string | null }>`
      select id, name || ' (' || replace(role, '_', ' ') || case when status = 'left' then ', left' else '' end || ')' as label, left_on::text as at
      from contacts where workspace_id = ${workspaceId} and id = any(${ids('contact')}::uuid[])`.execute(db);
    add('contact', rows.map((r) => ({ ...r, at: r.at ? `${r.at}T00:00:00Z` : null })));
  }
  const result = new Map<string, FactView>();
  for (const r of refs) result.set(`${r.kind}:${r.id}`, found.get(`${r.kind}:${r.id}`) ?? { kind: r.kind, id: r.id, label: '(deleted)', at: null });
  return result;
}
