import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import type { Clock } from '../platform/clock.js';
import type { Deps } from '../platform/deps.js';
import { login, SESSION_COOKIE } from '../platform/auth/sessions.js';
import { DEMO_ACCOUNTS, DEMO_TEAM } from './demo-data.js';
import { getAttentionBoard } from '../touchpoints/get-attention-board.js';
import { DEMO_EMAIL, DEMO_WORKSPACE_NAME, seedDemo, type SeedDemoResult } from './seed-demo.js';
import { DEMO_LOSSES, DEMO_STORIES } from './demo-stories.js';
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
  });

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
  });
});
