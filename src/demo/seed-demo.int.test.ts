import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import type { Clock } from '../platform/clock.js';
import type { Deps } from '../platform/deps.js';
import { login, SESSION_COOKIE } from '../platform/auth/sessions.js';
import { DEMO_ACCOUNTS, DEMO_TEAM } from './demo-data.js';
import { getAttentionBoard } from '../touchpoints/get-attention-board.js';
import { getPortfolioHealth } from '../health/get-portfolio-health.js';
import { DEMO_EMAIL, DEMO_WORKSPACE_NAME, seedDemo, type SeedDemoResult } from './seed-demo.js';
import { DEMO_LOSSES, DEMO_STORIES, DEMO_UNMATCHED_MAILS } from './demo-stories.js';
import { daysBefore } from './demo-inputs.js';
import type { Postmortem } from '../postmortems/postmortem.js';

let t: TestApp;
let deps: Deps;
let first: SeedDemoResult;

beforeAll(async () => {
  t = await createTestApp();
  deps = t.rapport.deps;
});
afterAll(async () => t.close());

/** Object.groupBy arrives in Node 21; Rapport runs on Node 20. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Partial<Record<string, T[]>> {
  const groups: Partial<Record<string, T[]>> = {};
  for (const item of items) (groups[key(item)] ??= []).push(item);
  return groups;
}

const signIn = (password: string) => login(deps, { email: DEMO_EMAIL, password, ip: '198.51.100.7' });

async function demoWorkspaces() {
  return deps.db.selectFrom('workspaces').selectAll().where('is_demo', '=', true).execute();
}

/**
 * A whole demo with a year of health history takes seconds (tens on a busy machine): the tests that
 * seed one get more than the suite's 30 s.
 */
const SEED_TIMEOUT = 120_000;
const ws = () => first.workspaceId;
/** Today in UTC, as the seed and the health engine count days. */
const utcToday = () => new Date().toISOString().slice(0, 10);

async function accountIdOf(key: string): Promise<string> {
  const name = DEMO_ACCOUNTS.find((a) => a.key === key)?.name ?? key;
  const row = await deps.db.selectFrom('accounts').select('id').where('workspace_id', '=', ws()).where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

async function openAlertKinds(accountId: string): Promise<string[]> {
  const rows = await deps.db.selectFrom('alerts').select('kind').where('workspace_id', '=', ws()).where('account_id', '=', accountId).where('state', '<>', 'resolved').execute();
  return rows.map((r) => r.kind);
}

describe('seedDemo', () => {
  it('leaves nothing behind when it fails halfway', async () => {
    // A clock that breaks after the workspace, members and some accounts exist.
    let calls = 0;
    const failing: Clock = {
      now() {
        if (++calls > 60) throw new Error('clock broke');
        return new Date();
      },
    };
    await expect(seedDemo({ ...deps, clock: failing }, { password: 'first-try-password' })).rejects.toThrow('clock broke');
    expect(calls).toBeGreaterThan(60);
    expect(await demoWorkspaces()).toEqual([]);
    const users = await deps.db.selectFrom('users').select('email').execute();
    expect(users).toEqual([]);
    await expect(signIn('first-try-password')).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('refuses a password shorter than 8 characters', async () => {
    await expect(seedDemo(deps, { password: 'short' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('creates the demo workspace once even when two processes seed at the same time', async () => {
    const both = await Promise.all([seedDemo(deps, { password: 'demo-password-one' }), seedDemo(deps, { password: 'demo-password-one' })]);
    expect(both.map((r) => r.created).sort()).toEqual([false, true]);
    expect(both[0].workspaceId).toBe(both[1].workspaceId);
    first = both.find((r) => r.created) ?? both[0];
    expect(await demoWorkspaces()).toHaveLength(1);
  }, SEED_TIMEOUT);

  it('creates the demo workspace, owned by the demo user, with the team', async () => {
    expect(first).toMatchObject({ email: DEMO_EMAIL, password: 'demo-password-one', created: true });
    expect(first.accounts).toBeGreaterThanOrEqual(40);
    expect(first.contacts).toBeGreaterThanOrEqual(first.accounts * 2);

    const [workspace] = await demoWorkspaces();
    expect(workspace).toMatchObject({ id: first.workspaceId, slug: first.workspaceSlug, name: DEMO_WORKSPACE_NAME, is_demo: true });

    const members = await deps.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.email', 'u.name', 'm.role'])
      .where('m.workspace_id', '=', first.workspaceId)
      .execute();
    expect(members).toContainEqual({ email: DEMO_EMAIL, name: 'Dana Demo', role: 'owner' });
    expect(members).toHaveLength(DEMO_TEAM.length + 1);
    expect(DEMO_TEAM.length).toBeGreaterThanOrEqual(5);
    expect(new Set(members.map((m) => m.role))).toEqual(new Set(['owner', 'admin', 'member', 'viewer']));
  });

  it('makes a realistic portfolio: categories, currencies, statuses, owners, cadence', async () => {
    const accounts = await deps.db.selectFrom('accounts').selectAll().where('workspace_id', '=', first.workspaceId).execute();
    expect(accounts).toHaveLength(first.accounts);
    const categories = new Set(accounts.map((a) => a.category));
    expect(categories.size).toBeGreaterThanOrEqual(6);
    for (const category of ['beer & beverages', 'fintech', 'retail', 'automotive', 'healthcare', 'travel', 'software', 'fashion', 'food']) {
      expect(categories).toContain(category);
    }
    expect(new Set(accounts.map((a) => a.value_currency))).toEqual(new Set(['EUR', 'GBP', 'USD']));
    const byStatus = groupBy(accounts, (a) => a.status);
    expect(byStatus.active?.length ?? 0).toBeGreaterThan(accounts.length / 2);
    expect(byStatus.prospect?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(byStatus.at_risk?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(byStatus.lost?.length ?? 0).toBeGreaterThanOrEqual(1);
    for (const account of accounts) {
      expect(account.cadence_days).toBeGreaterThanOrEqual(7);
      expect(account.cadence_days).toBeLessThanOrEqual(30);
      expect(account.aliases.some((alias) => alias.startsWith('@'))).toBe(true);
      expect(account.notes.length).toBeGreaterThan(20);
      if (account.status !== 'prospect') expect(account.started_on).toMatch(/^\d{4}-\d{2}-01$/);
    }

    const owners = await deps.db
      .selectFrom('account_owners')
      .select(['account_id', 'role'])
      .where('workspace_id', '=', first.workspaceId)
      .execute();
    const leads = new Set(owners.filter((o) => o.role === 'lead').map((o) => o.account_id));
    expect(leads.size).toBe(accounts.length);
    expect(owners.some((o) => o.role === 'client_service')).toBe(true);
  });

  it('has a confidential account that says why', async () => {
    const confidential = await deps.db
      .selectFrom('accounts')
      .select(['name', 'notes'])
      .where('workspace_id', '=', first.workspaceId)
      .where('is_confidential', '=', true)
      .execute();
    expect(confidential.length).toBeGreaterThanOrEqual(1);
    for (const account of confidential) expect(account.notes).toMatch(/confidential/i);
  });

  it('has symmetric conflicts between competing accounts of the same category', async () => {
    const rows = await deps.db
      .selectFrom('account_conflicts as x')
      .innerJoin('accounts as a', (j) => j.onRef('a.workspace_id', '=', 'x.workspace_id').onRef('a.id', '=', 'x.account_id'))
      .innerJoin('accounts as b', (j) => j.onRef('b.workspace_id', '=', 'x.workspace_id').onRef('b.id', '=', 'x.other_account_id'))
      .select(['x.account_id', 'x.other_account_id', 'a.category as a_category', 'b.category as b_category'])
      .where('x.workspace_id', '=', first.workspaceId)
      .execute();
    expect(rows.length / 2).toBeGreaterThanOrEqual(5);
    const pairs = new Set(rows.map((r) => `${r.account_id}:${r.other_account_id}`));
    for (const row of rows) {
      expect(pairs.has(`${row.other_account_id}:${row.account_id}`)).toBe(true);
      expect(row.a_category).toBe(row.b_category);
    }
    // At least two competitors in beer and in fintech: the cases the post guard must catch.
    const categoriesInConflict = new Set(rows.map((r) => r.a_category));
    expect(categoriesInConflict).toContain('beer & beverages');
    expect(categoriesInConflict).toContain('fintech');
  });

  it('gives every account 2–5 contacts with exactly one primary, still at the company', async () => {
    const contacts = await deps.db.selectFrom('contacts').selectAll().where('workspace_id', '=', first.workspaceId).execute();
    expect(contacts).toHaveLength(first.contacts);
    const byAccount = groupBy(contacts, (c) => c.account_id);
    expect(Object.keys(byAccount)).toHaveLength(first.accounts);
    for (const list of Object.values(byAccount)) {
      expect(list?.length).toBeGreaterThanOrEqual(2);
      expect(list?.length).toBeLessThanOrEqual(5);
      const primaries = (list ?? []).filter((c) => c.is_primary);
      expect(primaries).toHaveLength(1);
      expect(primaries[0]?.status).toBe('active');
    }
    expect(new Set(contacts.map((c) => c.role))).toEqual(new Set(['decision_maker', 'champion', 'user', 'finance', 'other']));
    const websites = new Map(
      (await deps.db.selectFrom('accounts').select(['id', 'website']).where('workspace_id', '=', first.workspaceId).execute()).map((a) => [
        a.id,
        new URL(a.website ?? '').hostname.replace(/^www\./, ''),
      ]),
    );
    for (const contact of contacts) {
      expect(contact.emails.length).toBeGreaterThanOrEqual(1);
      for (const email of contact.emails) expect(email.endsWith(`@${websites.get(contact.account_id)}`)).toBe(true);
      expect(contact.title).toBeTruthy();
    }
    expect(contacts.filter((c) => c.social_handles.length > 0).length).toBeGreaterThan(contacts.length / 2);
  });

  it('has contacts who left, including a champion at an account at risk', async () => {
    const left = await deps.db
      .selectFrom('contacts as c')
      .innerJoin('accounts as a', (j) => j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_id'))
      .select(['c.name', 'c.role', 'c.left_on', 'a.status'])
      .where('c.workspace_id', '=', first.workspaceId)
      .where('c.status', '=', 'left')
      .execute();
    expect(left.length).toBeGreaterThanOrEqual(3);
    for (const contact of left) expect(contact.left_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // …recently enough for a "champion left" warning to matter.
    const daysAgo = (date: string | null) => (Date.now() - Date.parse(`${date}T00:00:00Z`)) / 86_400_000;
    const champions = left.filter((c) => c.role === 'champion' && c.status === 'at_risk' && daysAgo(c.left_on) < 60);
    expect(champions.length).toBeGreaterThanOrEqual(1);
  });

  it('records the history in the audit log, as the demo user', async () => {
    const events = await deps.db
      .selectFrom('audit_events')
      .select(['action', 'actor_label', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', first.workspaceId)
      .groupBy(['action', 'actor_label'])
      .execute();
    const count = (action: string) => Number(events.find((e) => e.action === action)?.n ?? 0);
    expect(count('workspace.created')).toBe(1);
    expect(count('member.added')).toBe(DEMO_TEAM.length);
    expect(count('account.created')).toBe(first.accounts);
    expect(count('contact.created')).toBe(first.contacts);
    expect(new Set(events.map((e) => e.actor_label))).toEqual(new Set([DEMO_EMAIL]));
  });

  it('has a touch history that puts accounts on every section of the attention board', async () => {
    const board = await getAttentionBoard(deps, { workspaceId: first.workspaceId }, {});
    const names = (rows: Array<{ account: { name: string } }>) => rows.map((r) => r.account.name);
    expect(names(board.goingQuiet)).toEqual(expect.arrayContaining(['Wrenfield Distillery', 'Greenbarrow Grocers']));
    expect(names(board.stoppedInitiating)).toContain('Copperline Lager');
    expect(names(board.singleThreaded)).toEqual(expect.arrayContaining(['Skyvane Airways', 'Quillfire Analytics']));
    expect(board.attentionShare.totalTouches90).toBeGreaterThan(100);
    // Accounts touched on cadence stay off the quiet list.
    expect(names(board.goingQuiet)).not.toContain('Halvard Brewing Co.');
  });

  it('keeps a delivery ledger for every signed account: projects, deliverables mostly on time, quarterly targets, a few incidents', async () => {
    const signed = DEMO_ACCOUNTS.filter((a) => a.startedMonthsAgo !== null).length;
    const { rows } = await sql<{ projects: number; deliverables: number; targets: number; on_time: number; late: number; pending_past: number; incidents: number }>`
      select
        (select count(distinct account_id)::int from projects where workspace_id = ${ws()}) as projects,
        (select count(distinct account_id)::int from deliverables where workspace_id = ${ws()}) as deliverables,
        (select count(distinct account_id)::int from targets where workspace_id = ${ws()}) as targets,
        (select count(*)::int from deliverables where workspace_id = ${ws()} and due_at < now() and delivered_at <= due_at) as on_time,
        (select count(*)::int from deliverables where workspace_id = ${ws()} and due_at < now() and (delivered_at is null or delivered_at > due_at)) as late,
        (select count(*)::int from targets where workspace_id = ${ws()} and period_end < ${utcToday()}::date and actual is null) as pending_past,
        (select count(*)::int from incidents where workspace_id = ${ws()}) as incidents`.execute(deps.db);
    const ledger = rows[0]!;
    expect(ledger).toMatchObject({ projects: signed, deliverables: signed, targets: signed, pending_past: 0 });
    expect(ledger.on_time / (ledger.on_time + ledger.late)).toBeGreaterThan(0.9);
    expect(ledger.late).toBeGreaterThanOrEqual(20);
    expect(ledger.incidents).toBeGreaterThanOrEqual(8);
    // Nothing is delivered or approved in the future.
    const future = await sql<{ n: number }>`select count(*)::int as n from deliverables where workspace_id = ${ws()} and (delivered_at > now() or approved_at > now())`.execute(deps.db);
    expect(future.rows[0]?.n).toBe(0);
  });

  it('has a slipping account: later and later work, a missed target, a report error, a falling score, then silence', async () => {
    const id = await accountIdOf(DEMO_STORIES.slipping);
    expect(await openAlertKinds(id)).toEqual(expect.arrayContaining(['delivery_slipping', 'targets_missed', 'quality_incidents']));
    const { rows } = await sql<{ now: number; before: number }>`
      select h.score as now, (select s.score from health_snapshots s where s.workspace_id = h.workspace_id and s.account_id = h.account_id
        and s.as_of = h.as_of - 90 order by s.seq desc limit 1) as before
      from health_current h where h.workspace_id = ${ws()} and h.account_id = ${id}`.execute(deps.db);
    expect(Number(rows[0]?.now)).toBeLessThan(Number(rows[0]?.before) - 20);
    // Then the client went quiet: the portfolio's one open account in the at-risk band.
    const band = await deps.db.selectFrom('health_current').select('band').where('workspace_id', '=', ws()).where('account_id', '=', id).executeTakeFirstOrThrow();
    expect(band.band).toBe('at_risk');
    expect(await openAlertKinds(id)).toContain('going_quiet');
    // Each delivery of the last quarter later than the one before: from a day or two to a week and more.
    const late = await sql<{ days_late: number }>`
      select extract(epoch from (delivered_at - due_at)) / 86400 as days_late from deliverables
      where workspace_id = ${ws()} and account_id = ${id} and due_at > now() - interval '90 days' and delivered_at > due_at order by due_at`.execute(deps.db);
    const lateness = late.rows.map((r) => Number(r.days_late));
    expect(lateness.length).toBeGreaterThanOrEqual(4);
    expect(lateness.at(-1)! - lateness[0]!).toBeGreaterThanOrEqual(3);
    const incidents = await sql<{ kind: string }>`select kind from incidents where workspace_id = ${ws()} and account_id = ${id}`.execute(deps.db);
    expect(incidents.rows.map((r) => r.kind)).toContain('report_error');
  });

  it('has a cosy account: frequent, warm, client-started contact while delivery slips', async () => {
    const id = await accountIdOf(DEMO_STORIES.cosy);
    expect(await openAlertKinds(id)).toEqual(expect.arrayContaining(['too_cosy', 'delivery_slipping']));
    const { rows } = await sql<{ touches: number; client: number; sentiment: number }>`
      select count(*)::int as touches, count(*) filter (where direction = 'client_initiated')::int as client,
        avg(sentiment) filter (where direction = 'client_initiated') as sentiment
      from touchpoints where workspace_id = ${ws()} and account_id = ${id} and occurred_at > now() - interval '30 days'`.execute(deps.db);
    expect(rows[0]!.touches).toBeGreaterThanOrEqual(6);
    expect(rows[0]!.client / rows[0]!.touches).toBeGreaterThanOrEqual(0.4);
    expect(Number(rows[0]!.sentiment)).toBeGreaterThanOrEqual(0.2);
  });

  it("shows on the portfolio each account's unresolved alerts and how many of them are critical", async () => {
    const portfolio = await getPortfolioHealth(deps, { workspaceId: ws() });
    const { rows } = await sql<{ account_id: string; severity: string }>`
      select account_id, severity from alerts where workspace_id = ${ws()} and state <> 'resolved'`.execute(deps.db);
    const expected = (accountId: string) => ({
      openAlerts: rows.filter((r) => r.account_id === accountId).length,
      criticalAlerts: rows.filter((r) => r.account_id === accountId && r.severity === 'critical').length,
    });
    for (const item of portfolio.items) expect({ accountId: item.accountId, ...expected(item.accountId) }).toEqual({ accountId: item.accountId, openAlerts: item.openAlerts, criticalAlerts: item.criticalAlerts });
    // The cosy account: a critical alert beside a score that reads well, which is why the count says so.
    const cosyId = await accountIdOf(DEMO_STORIES.cosy);
    const cosy = portfolio.items.find((i) => i.accountId === cosyId);
    expect(cosy?.criticalAlerts).toBeGreaterThanOrEqual(1);
    expect(portfolio.items.some((i) => i.openAlerts > i.criticalAlerts)).toBe(true);
  });

  it('has an account whose champion left, with the alert naming them', async () => {
    const id = await accountIdOf(DEMO_STORIES.championLeft);
    const { rows } = await sql<{ reasons: Array<{ facts: Array<{ kind: string; id: string }> }> }>`
      select reasons from alerts where workspace_id = ${ws()} and account_id = ${id} and kind = 'champion_left' and state <> 'resolved'`.execute(deps.db);
    expect(rows).toHaveLength(1);
    const contactIds = rows[0]!.reasons.flatMap((r) => r.facts.filter((f) => f.kind === 'contact').map((f) => f.id));
    const left = await sql<{ role: string; status: string }>`select role, status from contacts where workspace_id = ${ws()} and id = any(${contactIds}::uuid[])`.execute(deps.db);
    expect(left.rows).toEqual([{ role: 'champion', status: 'left' }]);
  });

  it('has a lost account whose post-mortem shows the signals, an alert someone acknowledged and alerts nobody acted on', async () => {
    const loss = DEMO_LOSSES.find((l) => l.key === DEMO_STORIES.lost)!;
    const id = await accountIdOf(loss.key);
    const { sessionToken } = await signIn('demo-password-one');
    const response = await t.request('GET', `/api/accounts/${id}/postmortem`, { headers: { cookie: `${SESSION_COOKIE}=${sessionToken}` } });
    expect(response.status).toBe(200);
    const postmortem = response.body as Postmortem;
    expect(postmortem.loss.reasons).toEqual(loss.reasons);
    expect(postmortem.loss.lostOn).toBe(daysBefore(new Date(), loss.lostDaysAgo));
    expect(postmortem.lateDeliverables.length).toBeGreaterThanOrEqual(2);
    expect(postmortem.lateDeliverables.some((d) => d.title.startsWith('Monthly performance report'))).toBe(true);
    expect(postmortem.missedTargets.length).toBeGreaterThanOrEqual(1);
    expect(postmortem.incidents.map((i) => i.kind)).toContain('report_error');
    expect(postmortem.contactGaps.length).toBeGreaterThanOrEqual(1);
    expect(postmortem.summary.initiationDropped).toBe(true);
    expect(postmortem.summary.firstAtRiskOn).not.toBeNull();
    const kinds = new Set(postmortem.alerts.map((a) => a.kind));
    for (const kind of ['delivery_slipping', 'champion_left', 'client_stopped_initiating']) expect(kinds).toContain(kind);
    const acknowledged = postmortem.alerts.filter((a) => a.response === 'acknowledged');
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0]).toMatchObject({ kind: loss.acknowledged?.kind, actedBeforeLoss: true, acknowledgedBy: { name: 'Sophie Laurent' } });
    expect(postmortem.alerts.filter((a) => a.response === 'none').length).toBeGreaterThanOrEqual(3);
    const account = await deps.db.selectFrom('accounts').select('status').where('workspace_id', '=', ws()).where('id', '=', id).executeTakeFirstOrThrow();
    expect(account.status).toBe('lost');
  });

  it('has mail in the unmatched queue, received through the intake: a new person at a client, a lead, a private address', async () => {
    const rows = await deps.db.selectFrom('unmatched_mails').select(['from_address', 'subject', 'status', 'sent_at']).where('workspace_id', '=', ws()).execute();
    expect(rows.map((r) => r.from_address).sort()).toEqual(DEMO_UNMATCHED_MAILS.map((m) => m.from).sort());
    expect(rows.every((r) => r.status === 'pending' && r.sent_at.getTime() <= Date.now())).toBe(true);
    // None of them is a contact's address: that is why they wait.
    const contacts = await deps.db.selectFrom('contacts').select('emails').where('workspace_id', '=', ws()).execute();
    const known = new Set(contacts.flatMap((c) => c.emails));
    expect(rows.filter((r) => known.has(r.from_address))).toEqual([]);
  });

  it('records every lost account with its reasons', async () => {
    const lost = await deps.db.selectFrom('accounts').select('id').where('workspace_id', '=', ws()).where('status', '=', 'lost').execute();
    const losses = await deps.db.selectFrom('account_losses').select(['account_id', 'reasons']).where('workspace_id', '=', ws()).execute();
    expect(losses.map((l) => l.account_id).sort()).toEqual(lost.map((a) => a.id).sort());
    expect(losses).toHaveLength(DEMO_LOSSES.length);
  });

  it('has healthy accounts: on-time work, targets met, regular two-way contact with several people', async () => {
    const { rows } = await sql<{ account_id: string; engaged_contacts: number; client_touches: number }>`
      select h.account_id, h.engaged_contacts, h.client_touches from health_current h
      where h.workspace_id = ${ws()} and h.band = 'healthy'
        and not exists (select 1 from alerts x where x.workspace_id = h.workspace_id and x.account_id = h.account_id and x.state <> 'resolved')`.execute(deps.db);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const wellThreaded = rows.filter((r) => r.engaged_contacts >= 2 && r.client_touches >= 1);
    expect(wellThreaded.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps a daily health history for every account with data: a snapshot a day from its start (a year at most) to today or its loss', async () => {
    const { rows } = await sql<{ name: string; has_data: boolean; days: number; expected: number; first_day: string | null; start: string }>`
      select a.name, coalesce(h.has_data, true) as has_data, count(distinct s.as_of)::int as days, min(s.as_of)::text as first_day,
        greatest(coalesce(a.started_on, ${utcToday()}::date), ${utcToday()}::date - 364)::text as start,
        (coalesce(l.lost_on, ${utcToday()}::date) - greatest(coalesce(a.started_on, ${utcToday()}::date), ${utcToday()}::date - 364) + 1)::int as expected
      from accounts a
      -- A lost account is scored up to its loss, not now: no current row, a history with data.
      left join health_current h on h.workspace_id = a.workspace_id and h.account_id = a.id
      left join account_losses l on l.workspace_id = a.workspace_id and l.account_id = a.id
      left join health_snapshots s on s.workspace_id = a.workspace_id and s.account_id = a.id
      where a.workspace_id = ${ws()} group by a.name, h.has_data, a.started_on, l.lost_on`.execute(deps.db);
    expect(rows).toHaveLength(first.accounts);
    for (const row of rows) {
      if (row.has_data) {
        expect(row.first_day, row.name).toBe(row.start);
        expect(row.days, row.name).toBe(row.expected);
      } else {
        // A prospect with nothing recorded yet has no score of its own, so no history (decision 0024).
        expect(row.days, row.name).toBe(0);
      }
    }
    expect(rows.filter((r) => r.has_data).length).toBeGreaterThan(first.accounts / 2);
    expect(Math.max(...rows.map((r) => r.days))).toBe(365);
  });

  it('lets the demo user sign in with the password', async () => {
    const session = await signIn('demo-password-one');
    expect(session.sessionToken).toBeTruthy();
  });

  it('does not duplicate the demo when seeded again, but sets the new password', async () => {
    const again = await seedDemo(deps, { password: 'demo-password-two' });
    expect(again).toEqual({ ...first, password: 'demo-password-two', created: false });
    expect(await demoWorkspaces()).toHaveLength(1);
    const users = await deps.db.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(users.n)).toBe(DEMO_TEAM.length + 1);
    await expect(signIn('demo-password-one')).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect((await signIn('demo-password-two')).userId).toBeTruthy();
  });

  it('with reset, deletes the demo and makes it again with the same content', async () => {
    const reset = await seedDemo(deps, { password: 'demo-password-three', reset: true });
    expect(reset).toMatchObject({ created: true, accounts: first.accounts, contacts: first.contacts, password: 'demo-password-three' });
    expect(reset.workspaceId).not.toBe(first.workspaceId);
    expect(reset.workspaceSlug).toBe(first.workspaceSlug);
    expect((await demoWorkspaces()).map((w) => w.id)).toEqual([reset.workspaceId]);
    for (const table of ['accounts', 'contacts', 'memberships', 'audit_events'] as const) {
      const row = await deps.db
        .selectFrom(table)
        .select(sql<number>`count(*)`.as('n'))
        .where('workspace_id', '=', first.workspaceId)
        .executeTakeFirstOrThrow();
      expect(Number(row.n), table).toBe(0);
    }
    // Teammates are users of their own: reused, not created twice.
    const users = await deps.db.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(users.n)).toBe(DEMO_TEAM.length + 1);
    expect((await signIn('demo-password-three')).userId).toBeTruthy();
  }, SEED_TIMEOUT);
});
