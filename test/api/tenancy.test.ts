import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, expectFieldError, expectNoWorkspaceAccess, login } from '../support/factories.js';

/**
 * Workspace A holds data; the owner of workspace B (who is the most powerful person there) tries
 * to read, list, change, archive and delete it, and always meets 404 or an empty list.
 */
let t: TestApp;
let a: TestMember;
let aMember: TestMember;
let b: TestMember;
let account: any;
let contact: any;
let aTokenId: string;
let bAccount: any;

beforeAll(async () => {
  t = await createTestApp();
  a = await t.newWorkspace('Alpha Agency');
  aMember = await t.newMember(a.workspaceId, 'member');
  b = await t.newWorkspace('Beta Agency');
  account = await createAccount(t, a.token, { name: 'Secret Client Alpha', aliases: ['SCA'], category: 'alpha-only', owners: [{ userId: aMember.userId, role: 'lead' }] });
  contact = await createContact(t, a.token, account.id, { name: 'Alice Alpha', emails: ['alice@alpha.test'] });
  const tokens = await t.request('GET', '/api/tokens', { token: a.token });
  aTokenId = tokens.body.items.find((x: { userId: string }) => x.userId === a.userId).id;
  bAccount = await createAccount(t, b.token, { name: 'Beta Own Client' });
});
afterAll(async () => t.close());

describe("workspace B cannot reach workspace A's data", () => {
  it.each([
    ['GET', () => `/api/accounts/${account.id}`, undefined],
    ['PATCH', () => `/api/accounts/${account.id}`, { notes: 'taken over' }],
    ['PATCH', () => `/api/accounts/${account.id}`, { archived: true }],
    ['DELETE', () => `/api/accounts/${account.id}`, undefined],
    ['GET', () => `/api/accounts/${account.id}/contacts`, undefined],
    ['POST', () => `/api/accounts/${account.id}/contacts`, { name: 'Planted' }],
    ['GET', () => `/api/contacts/${contact.id}`, undefined],
    ['PATCH', () => `/api/contacts/${contact.id}`, { status: 'left' }],
    ['DELETE', () => `/api/contacts/${contact.id}`, undefined],
    ['PATCH', () => `/api/members/${aMember.userId}`, { role: 'viewer' }],
    ['DELETE', () => `/api/members/${aMember.userId}`, undefined],
    ['DELETE', () => `/api/tokens/${aTokenId}`, undefined],
  ] as const)('%s %s → 404 not_found', async (method, url, body) => {
    const res = await t.request(method, url(), { token: b.token, ...(body ? { body } : {}) });
    expectError(res, 404, 'not_found');
  });

  it('lists show nothing of A', async () => {
    const lists = await Promise.all([
      t.request('GET', '/api/accounts?archived=all&limit=500&withTotal=true', { token: b.token }),
      t.request('GET', '/api/accounts?q=secret', { token: b.token }),
      t.request('GET', '/api/accounts?category=alpha-only', { token: b.token }),
      t.request('GET', `/api/accounts?ownerId=${aMember.userId}`, { token: b.token }),
      t.request('GET', '/api/accounts/facets', { token: b.token }),
      t.request('GET', '/api/members', { token: b.token }),
      t.request('GET', '/api/tokens', { token: b.token }),
      t.request('GET', '/api/audit?limit=500', { token: b.token }),
      t.request('GET', '/api/workspaces', { token: b.token }),
      t.request('GET', '/api/export', { token: b.token }),
    ]);
    for (const res of lists) expect(res.status).toBe(200);
    const [all, byName, byCategory, byOwner, facets, members, tokens, audit, workspaces, exported] = lists.map((r) => r.body);
    expect(all.items.map((x: { id: string }) => x.id)).toEqual([bAccount.id]);
    expect(all.total).toBe(1);
    expect(byName.items).toEqual([]);
    expect(byCategory.items).toEqual([]);
    expect(byOwner.items).toEqual([]);
    expect(facets.categories.map((c: { category: string }) => c.category)).not.toContain('alpha-only');
    expect(members.items.map((m: { userId: string }) => m.userId)).toEqual([b.userId]);
    expect(tokens.items.every((x: { userId: string }) => x.userId === b.userId)).toBe(true);
    const everything = JSON.stringify([audit, workspaces, exported]);
    for (const secret of [account.id, contact.id, a.workspaceId, a.userId, aMember.userId, 'Secret Client Alpha', 'alice@alpha.test', a.email]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("cannot link A's accounts or people into B's accounts (400 naming the field)", async () => {
    expectFieldError(await t.request('POST', '/api/accounts', { token: b.token, body: { name: 'Link', conflictIds: [account.id] } }), 'conflictIds.0');
    expectFieldError(await t.request('POST', '/api/accounts', { token: b.token, body: { name: 'Link', owners: [{ userId: aMember.userId, role: 'lead' }] } }), 'owners.0.userId');
    expectFieldError(await t.request('PATCH', `/api/accounts/${bAccount.id}`, { token: b.token, body: { conflictIds: [account.id] } }), 'conflictIds.0');
  });

  it('X-Rapport-Workspace naming a workspace the caller is not in → 404 (id or slug, token or session)', async () => {
    const aSlug = (await t.request('GET', '/api/me', { token: a.token })).body.workspace.slug;
    for (const header of [a.workspaceId, aSlug]) {
      expectError(await t.request('GET', '/api/accounts', { token: b.token, headers: { 'x-rapport-workspace': header } }), 404, 'not_found');
      expectError(await t.request('GET', `/api/accounts/${account.id}`, { token: b.token, headers: { 'x-rapport-workspace': header } }), 404, 'not_found');
      expectError(await t.request('POST', '/api/accounts', { token: b.token, headers: { 'x-rapport-workspace': header }, body: { name: 'Planted' } }), 404, 'not_found');
      expectNoWorkspaceAccess(await t.request('GET', '/api/me', { token: b.token, headers: { 'x-rapport-workspace': header } }), a.workspaceId);
    }
    const session = await login(t, b.email);
    expectError(await t.request('GET', '/api/accounts', { headers: { cookie: session.cookie, 'x-rapport-workspace': a.workspaceId } }), 404, 'not_found');
    expectError(await t.request('GET', '/api/accounts', { token: b.token, headers: { 'x-rapport-workspace': 'no-such-workspace' } }), 404, 'not_found');
  });

  it("a token of A with B's header → 404, even once A's user is also a member of B", async () => {
    const added = await t.request('POST', '/api/members', { token: b.token, body: { email: a.email, role: 'member' } });
    expect(added.status).toBe(201);
    expectError(await t.request('GET', '/api/accounts', { token: a.token, headers: { 'x-rapport-workspace': b.workspaceId } }), 404, 'not_found');
    expectError(await t.request('POST', '/api/accounts', { token: a.token, headers: { 'x-rapport-workspace': b.workspaceId }, body: { name: 'x' } }), 404, 'not_found');
    // The same user's session may switch to B, and then sees B's data only.
    const session = await login(t, a.email);
    const inB = await t.request('GET', '/api/accounts', { headers: { cookie: session.cookie, 'x-rapport-workspace': b.workspaceId } });
    expect(inB.status).toBe(200);
    expect(inB.body.items.map((x: { id: string }) => x.id)).toEqual([bAccount.id]);
    expectError(await t.request('GET', `/api/accounts/${account.id}`, { headers: { cookie: session.cookie, 'x-rapport-workspace': b.workspaceId } }), 404, 'not_found');
  });

  it("adding A's user to B with a password neither changes their password nor their name", async () => {
    const victim = await t.newWorkspace('Victim Home');
    const res = await t.request('POST', '/api/members', { token: b.token, body: { email: victim.email, name: 'Renamed By B', role: 'viewer', password: 'hijacked password' } });
    expect(res.status).toBe(201);
    expect(res.body.name).not.toBe('Renamed By B');
    expectError(await t.request('POST', '/api/auth/login', { body: { email: victim.email, password: 'hijacked password' } }), 401, 'invalid_credentials');
    expect((await t.request('POST', '/api/auth/login', { body: { email: victim.email, password: TEST_PASSWORD } })).status).toBe(200);
  });

  it("A's data is untouched after all of B's attempts", async () => {
    const got = await t.request('GET', `/api/accounts/${account.id}`, { token: a.token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ notes: '', archived: false, contactCount: 1, owners: [{ userId: aMember.userId, role: 'lead' }] });
    const gotContact = await t.request('GET', `/api/contacts/${contact.id}`, { token: a.token });
    expect(gotContact.body).toMatchObject({ status: 'active', name: 'Alice Alpha' });
    const members = await t.request('GET', '/api/members', { token: a.token });
    expect(members.body.items.find((m: { userId: string }) => m.userId === aMember.userId)?.role).toBe('member');
    expect((await t.request('GET', '/api/accounts', { token: a.token })).status).toBe(200);
    const contacts = await t.request('GET', `/api/accounts/${account.id}/contacts`, { token: a.token });
    expect(contacts.body.items.map((c: { name: string }) => c.name)).toEqual(['Alice Alpha']);
  });
});
