import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, login } from '../support/factories.js';

const clock = fixedClock('2025-05-05T10:00:00Z');
let t: TestApp;
let owner: TestMember;
let viewer: TestMember;
let member: TestMember;
let other: TestMember;
let otherAccount: any;
const ids: Record<string, string> = {};

interface AuditEvent {
  id: string;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, unknown>;
}

/** Runs `step` one second after the previous one, so events have a known order. */
async function step<T>(fn: () => Promise<T>): Promise<T> {
  clock.advance(1000);
  return fn();
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Audit Agency');
  viewer = await t.newMember(owner.workspaceId, 'viewer');
  member = await t.newMember(owner.workspaceId, 'member');
  other = await t.newWorkspace('Other Agency');
  otherAccount = await createAccount(t, other.token, { name: 'Other Workspace Client', notes: 'other-secret-note' });
  await createContact(t, other.token, otherAccount.id, { name: 'Other Person', emails: ['other.person@other.test'] });

  const ok = (res: { status: number; body: any }, status: number) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const a = await step(() => createAccount(t, owner.token, { name: 'Audited Co', category: 'beer' }));
  ids.account = a.id;
  await step(async () => ok(await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { notes: 'changed' } }), 200));
  await step(async () => ok(await t.request('DELETE', `/api/accounts/${a.id}`, { token: owner.token }), 204));
  await step(async () => ok(await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { archived: false } }), 200));
  const c = await step(() => createContact(t, owner.token, a.id, { name: 'Audited Person', emails: ['audited@client.test'] }));
  ids.contact = c.id;
  await step(async () => ok(await t.request('PATCH', `/api/contacts/${c.id}`, { token: owner.token, body: { title: 'CEO' } }), 200));
  await step(async () => ok(await t.request('PATCH', `/api/contacts/${c.id}`, { token: owner.token, body: { status: 'left' } }), 200));
  await step(async () => ok(await t.request('DELETE', `/api/contacts/${c.id}`, { token: owner.token }), 204));
  const added = await step(async () => ok(await t.request('POST', '/api/members', { token: owner.token, body: { email: 'audited.member@example.test', role: 'member', password: 'long enough pw' } }), 201));
  ids.member = added.userId;
  await step(async () => ok(await t.request('PATCH', `/api/members/${added.userId}`, { token: owner.token, body: { role: 'viewer' } }), 204));
  await step(async () => ok(await t.request('DELETE', `/api/members/${added.userId}`, { token: owner.token }), 204));
  const token = await step(async () => ok(await t.request('POST', '/api/tokens', { token: owner.token, body: { name: 'ci-export' } }), 201));
  ids.token = token.id;
  ids.tokenSecret = token.token;
  await step(async () => ok(await t.request('DELETE', `/api/tokens/${token.id}`, { token: owner.token }), 204));
  const session = await login(t, owner.email);
  await step(async () => ok(await t.request('PATCH', '/api/workspace', { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: { name: 'Audit Agency Renamed' } }), 204));
});
afterAll(async () => t.close());

async function audit(query = ''): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const res = await t.request('GET', `/api/audit${query}`, { token: owner.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('GET /api/audit', () => {
  it('records every change, newest first, with who made it', async () => {
    const { items } = await audit('?limit=14');
    const tokenLabel = `${owner.email} (token test)`;
    expect(items.map((e) => [e.action, e.entityType, e.entityId, e.actorLabel])).toEqual([
      ['workspace.renamed', 'workspace', owner.workspaceId, owner.email],
      ['token.revoked', 'api_token', ids.token, tokenLabel],
      ['token.created', 'api_token', ids.token, tokenLabel],
      ['member.removed', 'member', ids.member, tokenLabel],
      ['member.role_changed', 'member', ids.member, tokenLabel],
      ['member.added', 'member', ids.member, tokenLabel],
      ['contact.deleted', 'contact', ids.contact, tokenLabel],
      ['contact.left', 'contact', ids.contact, tokenLabel],
      ['contact.updated', 'contact', ids.contact, tokenLabel],
      ['contact.created', 'contact', ids.contact, tokenLabel],
      ['account.restored', 'account', ids.account, tokenLabel],
      ['account.archived', 'account', ids.account, tokenLabel],
      ['account.updated', 'account', ids.account, tokenLabel],
      ['account.created', 'account', ids.account, tokenLabel],
    ]);
    expect(items.every((e) => e.actorUserId === owner.userId)).toBe(true);
    const times = items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('records what changed', async () => {
    const { items } = await audit(`?entityId=${ids.account}`);
    const byAction = Object.fromEntries(items.map((e) => [e.action, e.changes]));
    expect(byAction['account.created']).toEqual({ name: 'Audited Co' });
    expect(byAction['account.updated']).toEqual({ notes: ['', 'changed'] });
    expect(byAction['account.archived']).toMatchObject({ archived: [false, true] });
    expect(byAction['account.restored']).toMatchObject({ archived: [true, false] });
    const member = await audit(`?entityId=${ids.member}`);
    expect(member.items.find((e) => e.action === 'member.role_changed')?.changes).toEqual({ role: ['member', 'viewer'] });
    expect(member.items.find((e) => e.action === 'member.added')?.changes).toEqual({ email: 'audited.member@example.test', role: 'member' });
  });

  it('filters by entity type and id', async () => {
    const contacts = await audit('?entityType=contact');
    expect(contacts.items.map((e) => e.action)).toEqual(['contact.deleted', 'contact.left', 'contact.updated', 'contact.created']);
    const account = await audit(`?entityType=account&entityId=${ids.account}`);
    expect(account.items).toHaveLength(4);
    expect((await audit('?entityType=nothing')).items).toEqual([]);
  });

  it('pages with a cursor, each event once', async () => {
    const all = (await audit('?limit=500')).items.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditEvent[]; nextCursor: string | null } = await audit(`?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(all.length);
  });

  it('is for admins and owners: viewer and member → 403 forbidden', async () => {
    expectError(await t.request('GET', '/api/audit', { token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('GET', '/api/audit', { token: member.token }), 403, 'forbidden');
  });

  it("shows nothing of another workspace's log", async () => {
    const mine = JSON.stringify((await audit('?limit=500')).items);
    expect(mine).not.toContain(otherAccount.id);
    expect(mine).not.toContain(other.email);
    const theirs = await t.request('GET', '/api/audit?limit=500', { token: other.token });
    expect(JSON.stringify(theirs.body)).not.toContain(ids.account);
  });
});

describe('GET /api/export', () => {
  it("holds the workspace's accounts and contacts, nothing of another workspace, and no secrets", async () => {
    const extra = await createAccount(t, owner.token, { name: 'Exported Rival', conflictIds: [ids.account], owners: [{ userId: member.userId, role: 'lead' }] });
    const kept = await createContact(t, owner.token, extra.id, { name: 'Exported Person', emails: ['exported@client.test'] });
    const res = await t.request('GET', '/api/export', { token: owner.token });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="rapport-audit-agency[\w-]*\.json"$/);
    const data = res.body;
    expect(data).toMatchObject({
      format: 'rapport-export',
      version: 1,
      exportedAt: expect.any(String),
      workspace: { id: owner.workspaceId, name: 'Audit Agency Renamed', slug: expect.any(String) },
    });
    expect(data.members.map((m: { userId: string }) => m.userId).sort()).toEqual([owner.userId, viewer.userId, member.userId].sort());
    expect(data.members[0]).toEqual({ userId: expect.any(String), email: expect.any(String), name: expect.any(String), role: expect.any(String), joinedAt: expect.any(String) });

    const accountIds = data.tables.accounts.map((r: { id: string }) => r.id).sort();
    expect(accountIds).toEqual([ids.account, extra.id].sort());
    expect(data.tables.contacts.map((r: { id: string }) => r.id)).toEqual([kept.id]);
    expect(data.tables.contacts[0]).toMatchObject({ name: 'Exported Person', emails: ['exported@client.test'], accountId: extra.id });
    expect(data.tables.account_conflicts).toHaveLength(2);
    expect(data.tables.account_owners).toEqual([expect.objectContaining({ accountId: extra.id, userId: member.userId, role: 'lead' })]);
    expect(data.tables.audit_events.length).toBeGreaterThanOrEqual(14);

    const text = JSON.stringify(data);
    for (const foreign of [otherAccount.id, 'Other Workspace Client', 'other-secret-note', 'other.person@other.test', other.email, other.workspaceId]) {
      expect(text).not.toContain(foreign);
    }
    expect(text).not.toMatch(/password|passwordHash|password_hash|scrypt\$/i);
    expect(text).not.toMatch(/tokenHash|token_hash|csrf/i);
    expect(text).not.toContain(ids.tokenSecret);
    expect(text).not.toContain(owner.token);
    expect(text).not.toMatch(/workspaceId|workspace_id/);
  });

  it('is for admins and owners: viewer and member → 403 forbidden', async () => {
    expectError(await t.request('GET', '/api/export', { token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('GET', '/api/export', { token: member.token }), 403, 'forbidden');
  });
});
