import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, login } from '../support/factories.js';

let t: TestApp;
let owner: TestMember;
let admin: TestMember;
let member: TestMember;
let viewer: TestMember;
let account: any;
let contact: any;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Roles Agency');
  [admin, member, viewer] = await Promise.all([
    t.newMember(owner.workspaceId, 'admin'),
    t.newMember(owner.workspaceId, 'member'),
    t.newMember(owner.workspaceId, 'viewer'),
  ]);
  account = await createAccount(t, owner.token, { name: 'Role Target' });
  contact = await createContact(t, owner.token, account.id);
});
afterAll(async () => t.close());

const writes = () =>
  [
    ['POST', '/api/accounts', { name: 'By Viewer' }],
    ['PATCH', `/api/accounts/${account.id}`, { notes: 'by viewer' }],
    ['DELETE', `/api/accounts/${account.id}`, undefined],
    ['POST', `/api/accounts/${account.id}/contacts`, { name: 'By Viewer' }],
    ['PATCH', `/api/contacts/${contact.id}`, { title: 'by viewer' }],
    ['DELETE', `/api/contacts/${contact.id}`, undefined],
    ['POST', '/api/members', { email: 'viewer-invite@example.test', password: 'long enough pw' }],
    ['PATCH', `/api/members/${member.userId}`, { role: 'viewer' }],
    ['DELETE', `/api/members/${member.userId}`, undefined],
    ['PATCH', '/api/workspace', { name: 'Renamed By Viewer' }],
  ] as const;

describe('viewer', () => {
  it.each([
    '/api/accounts',
    '/api/accounts/facets',
    '/api/members',
    '/api/tokens',
    '/api/me',
    '/api/workspaces',
  ])('can read %s', async (url) => {
    expect((await t.request('GET', url, { token: viewer.token })).status).toBe(200);
  });

  it('can read an account, its contacts and a contact', async () => {
    expect((await t.request('GET', `/api/accounts/${account.id}`, { token: viewer.token })).status).toBe(200);
    expect((await t.request('GET', `/api/accounts/${account.id}/contacts`, { token: viewer.token })).status).toBe(200);
    expect((await t.request('GET', `/api/contacts/${contact.id}`, { token: viewer.token })).status).toBe(200);
  });

  it('gets 403 forbidden for every write, with a token or a session', async () => {
    const session = await login(t, viewer.email);
    for (const [method, url, body] of writes()) {
      expectError(await t.request(method, url, { token: viewer.token, ...(body ? { body } : {}) }), 403, 'forbidden');
      const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
      expectError(await t.request(method, url, { headers, ...(body ? { body } : {}) }), 403, 'forbidden');
    }
    const got = await t.request('GET', `/api/accounts/${account.id}`, { token: owner.token });
    expect(got.body).toMatchObject({ notes: '', archived: false, contactCount: 1 });
  });

  it('cannot read the audit log or export the workspace (403)', async () => {
    expectError(await t.request('GET', '/api/audit', { token: viewer.token }), 403, 'forbidden');
    expectError(await t.request('GET', '/api/export', { token: viewer.token }), 403, 'forbidden');
  });

  it('may make a token for scripts, and that token is a viewer too', async () => {
    const created = await t.request('POST', '/api/tokens', { token: viewer.token, body: { name: 'read-only' } });
    expect(created.status).toBe(201);
    expect((await t.request('GET', '/api/accounts', { token: created.body.token })).status).toBe(200);
    expectError(await t.request('POST', '/api/accounts', { token: created.body.token, body: { name: 'x' } }), 403, 'forbidden');
  });
});

describe('member', () => {
  it('writes accounts and contacts', async () => {
    const created = await t.request('POST', '/api/accounts', { token: member.token, body: { name: 'By Member' } });
    expect(created.status).toBe(201);
    expect((await t.request('PATCH', `/api/accounts/${created.body.id}`, { token: member.token, body: { status: 'at_risk' } })).status).toBe(200);
    const c = await t.request('POST', `/api/accounts/${created.body.id}/contacts`, { token: member.token, body: { name: 'Member Contact' } });
    expect(c.status).toBe(201);
    expect((await t.request('PATCH', `/api/contacts/${c.body.id}`, { token: member.token, body: { influence: 5 } })).status).toBe(200);
    expect((await t.request('DELETE', `/api/contacts/${c.body.id}`, { token: member.token })).status).toBe(204);
    expect((await t.request('DELETE', `/api/accounts/${created.body.id}`, { token: member.token })).status).toBe(204);
  });

  it('cannot manage members, rename the workspace, read the audit log or export (403)', async () => {
    expectError(await t.request('POST', '/api/members', { token: member.token, body: { email: 'm-invite@example.test', password: 'long enough pw' } }), 403, 'forbidden');
    expectError(await t.request('PATCH', `/api/members/${viewer.userId}`, { token: member.token, body: { role: 'member' } }), 403, 'forbidden');
    expectError(await t.request('DELETE', `/api/members/${viewer.userId}`, { token: member.token }), 403, 'forbidden');
    expectError(await t.request('PATCH', `/api/members/${member.userId}`, { token: member.token, body: { role: 'owner' } }), 403, 'forbidden');
    expectError(await t.request('PATCH', '/api/workspace', { token: member.token, body: { name: 'Mine' } }), 403, 'forbidden');
    expectError(await t.request('GET', '/api/audit', { token: member.token }), 403, 'forbidden');
    expectError(await t.request('GET', '/api/export', { token: member.token }), 403, 'forbidden');
    const members = await t.request('GET', '/api/members', { token: owner.token });
    expect(members.body.items.find((m: { userId: string }) => m.userId === viewer.userId).role).toBe('viewer');
  });

  it("sees only their own tokens and cannot revoke someone else's (403)", async () => {
    const mine = await t.request('GET', '/api/tokens', { token: member.token });
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((x: { userId: string }) => x.userId === member.userId)).toBe(true);
    const all = await t.request('GET', '/api/tokens', { token: admin.token });
    const ownersToken = all.body.items.find((x: { userId: string }) => x.userId === owner.userId);
    expectError(await t.request('DELETE', `/api/tokens/${ownersToken.id}`, { token: member.token }), 403, 'forbidden');
    expect((await t.request('GET', '/api/me', { token: owner.token })).status).toBe(200);
    const spare = await t.request('POST', '/api/tokens', { token: member.token, body: { name: 'spare' } });
    expect((await t.request('DELETE', `/api/tokens/${spare.body.id}`, { token: member.token })).status).toBe(204);
  });
});

describe('admin', () => {
  it('adds, changes and removes members', async () => {
    const added = await t.request('POST', '/api/members', { token: admin.token, body: { email: 'New.Person@Example.test', name: 'New Person', role: 'member', password: 'long enough pw' } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ userId: expect.any(String), email: 'new.person@example.test', name: 'New Person', role: 'member', joinedAt: expect.any(String) });
    expect((await t.request('POST', '/api/auth/login', { body: { email: 'new.person@example.test', password: 'long enough pw' } })).status).toBe(200);
    expect((await t.request('PATCH', `/api/members/${added.body.userId}`, { token: admin.token, body: { role: 'admin' } })).status).toBe(204);
    expect((await t.request('DELETE', `/api/members/${added.body.userId}`, { token: admin.token })).status).toBe(204);
    const members = await t.request('GET', '/api/members', { token: admin.token });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).not.toContain(added.body.userId);
  });

  it('asks for an empty e-mail by name, refuses a malformed one, and takes one with spaces around it', async () => {
    const empty = expectError(await t.request('POST', '/api/members', { token: admin.token, body: { email: '  ', role: 'viewer' } }), 400, 'invalid_input');
    expect(empty.details).toEqual([{ path: 'email', message: 'Enter an e-mail address' }]);
    const malformed = expectError(await t.request('POST', '/api/members', { token: admin.token, body: { email: 'grace at example', role: 'viewer' } }), 400, 'invalid_input');
    expect(malformed.details).toEqual([{ path: 'email', message: 'Not an e-mail address' }]);
    const spaced = await t.request('POST', '/api/members', { token: admin.token, body: { email: ' Grace@Example.test ', role: 'viewer', password: 'long enough pw' } });
    expect(spaced.status).toBe(201);
    expect(spaced.body.email).toBe('grace@example.test');
  });

  it('adding an existing member again → 409 conflict on email', async () => {
    const res = await t.request('POST', '/api/members', { token: admin.token, body: { email: member.email.toUpperCase(), role: 'viewer' } });
    const error = expectError(res, 409, 'conflict');
    expect(error.details.map((d) => d.path)).toEqual(['email']);
  });

  it('asks a new user for a first password; an existing user joins without one, and a password given for them changes nothing', async () => {
    const missing = expectError(await t.request('POST', '/api/members', { token: admin.token, body: { email: 'no-password@example.test', role: 'viewer' } }), 400, 'invalid_input');
    expect(missing.details).toEqual([{ path: 'password', message: 'Required when the e-mail belongs to no user yet' }]);
    expect((await t.request('GET', '/api/members', { token: admin.token })).body.items.map((m: { email: string }) => m.email)).not.toContain('no-password@example.test');

    // A user of another workspace joins this one as they are: their own password still signs them in.
    const other = await t.newWorkspace('Roles Elsewhere');
    const joined = await t.request('POST', '/api/members', { token: admin.token, body: { email: other.email, role: 'viewer', password: 'not their password' } });
    expect(joined.status).toBe(201);
    expect((await t.request('POST', '/api/auth/login', { body: { email: other.email, password: 'not their password' } })).status).toBe(401);
    await login(t, other.email);
  });

  it('cannot make an owner, nor change or remove one (403)', async () => {
    expectError(await t.request('POST', '/api/members', { token: admin.token, body: { email: 'would-be-owner@example.test', role: 'owner', password: 'long enough pw' } }), 403, 'forbidden');
    expectError(await t.request('PATCH', `/api/members/${member.userId}`, { token: admin.token, body: { role: 'owner' } }), 403, 'forbidden');
    expectError(await t.request('PATCH', `/api/members/${admin.userId}`, { token: admin.token, body: { role: 'owner' } }), 403, 'forbidden');
    expectError(await t.request('PATCH', `/api/members/${owner.userId}`, { token: admin.token, body: { role: 'admin' } }), 403, 'forbidden');
    expectError(await t.request('DELETE', `/api/members/${owner.userId}`, { token: admin.token }), 403, 'forbidden');
    const members = await t.request('GET', '/api/members', { token: admin.token });
    const roles = Object.fromEntries(members.body.items.map((m: { userId: string; role: string }) => [m.userId, m.role]));
    expect(roles[owner.userId]).toBe('owner');
    expect(roles[member.userId]).toBe('member');
    expect(roles[admin.userId]).toBe('admin');
  });

  it('reads the audit log and exports', async () => {
    expect((await t.request('GET', '/api/audit', { token: admin.token })).status).toBe(200);
    expect((await t.request('GET', '/api/export', { token: admin.token })).status).toBe(200);
  });

  it('renames the workspace', async () => {
    expect((await t.request('PATCH', '/api/workspace', { token: admin.token, body: { name: 'Roles Agency Renamed' } })).status).toBe(204);
    expect((await t.request('GET', '/api/me', { token: viewer.token })).body.workspace.name).toBe('Roles Agency Renamed');
  });
});

describe('owners', () => {
  it('the last owner can be neither demoted nor removed (409 conflict)', async () => {
    expectError(await t.request('PATCH', `/api/members/${owner.userId}`, { token: owner.token, body: { role: 'admin' } }), 409, 'conflict');
    expectError(await t.request('DELETE', `/api/members/${owner.userId}`, { token: owner.token }), 409, 'conflict');
    expect((await t.request('GET', '/api/me', { token: owner.token })).body.role).toBe('owner');
  });

  it('an owner makes another owner, after which either may step down', async () => {
    const second = await t.newMember(owner.workspaceId, 'admin');
    expect((await t.request('PATCH', `/api/members/${second.userId}`, { token: owner.token, body: { role: 'owner' } })).status).toBe(204);
    expect((await t.request('GET', '/api/me', { token: second.token })).body.role).toBe('owner');
    expect((await t.request('PATCH', `/api/members/${second.userId}`, { token: owner.token, body: { role: 'admin' } })).status).toBe(204);
    expect((await t.request('GET', '/api/me', { token: second.token })).body.role).toBe('admin');
    const invited = await t.request('POST', '/api/members', { token: owner.token, body: { email: 'co-owner@example.test', role: 'owner', password: 'long enough pw' } });
    expect(invited.status).toBe(201);
    expect(invited.body.role).toBe('owner');
  });

  it('a role change applies at once; removal ends the member’s tokens and session access', async () => {
    const person = await t.newMember(owner.workspaceId, 'member');
    expect((await t.request('POST', '/api/accounts', { token: person.token, body: { name: 'Before Demotion' } })).status).toBe(201);
    expect((await t.request('PATCH', `/api/members/${person.userId}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(204);
    expectError(await t.request('POST', '/api/accounts', { token: person.token, body: { name: 'After Demotion' } }), 403, 'forbidden');

    const session = await login(t, person.email);
    expect((await t.request('DELETE', `/api/members/${person.userId}`, { token: owner.token })).status).toBe(204);
    expectError(await t.request('GET', '/api/accounts', { token: person.token }), 401, 'unauthenticated');
    const viaSession = await t.request('GET', '/api/accounts', { headers: { cookie: session.cookie } });
    expect([403, 404]).toContain(viaSession.status);
    expectError(await t.request('GET', '/api/accounts', { headers: { cookie: session.cookie, 'x-rapport-workspace': owner.workspaceId } }), 404, 'not_found');
  });

  it("removing a member clears them as an account's owner", async () => {
    const person = await t.newMember(owner.workspaceId, 'member');
    const owned = await createAccount(t, owner.token, { owners: [{ userId: person.userId, role: 'lead' }] });
    expect(owned.owners).toEqual([{ userId: person.userId, name: expect.any(String), role: 'lead' }]);
    expect((await t.request('DELETE', `/api/members/${person.userId}`, { token: owner.token })).status).toBe(204);
    expect((await t.request('GET', `/api/accounts/${owned.id}`, { token: owner.token })).body.owners).toEqual([]);
  });
});
