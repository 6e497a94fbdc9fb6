import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, expectFieldError, UNKNOWN_ID } from '../support/factories.js';

let t: TestApp;
let owner: TestMember;
let lead: TestMember;
let outsider: TestMember;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Accounts Agency');
  lead = await t.newMember(owner.workspaceId, 'member');
  outsider = await t.newWorkspace('Elsewhere');
});
afterAll(async () => t.close());

const get = async (id: string) => (await t.request('GET', `/api/accounts/${id}`, { token: owner.token })).body;
const names = (body: { items: Array<{ name: string }> }) => body.items.map((a) => a.name);

describe('POST /api/accounts', () => {
  it('creates an account with every field and answers it in full', async () => {
    const rival = await createAccount(t, owner.token, { name: 'Rival Brewing' });
    const res = await t.request('POST', '/api/accounts', {
      token: owner.token,
      body: {
        name: '  Café Ölund  ',
        aliases: ['Olund Coffee', 'olund coffee', ' @olund ', '', 'café ölund'],
        category: 'coffee',
        website: 'olund.example',
        value: { amount: 12500.5, currency: 'EUR' },
        status: 'active',
        startedOn: '2023-04-01',
        cadenceDays: 14,
        isConfidential: true,
        owners: [{ userId: lead.userId, role: 'lead' }, { userId: owner.userId, role: 'client_service' }],
        conflictIds: [rival.id, rival.id],
        notes: 'Prefers calls on Mondays.',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Café Ölund',
      aliases: ['Olund Coffee', '@olund'],
      category: 'coffee',
      website: 'https://olund.example',
      value: { amount: 12500.5, currency: 'EUR' },
      status: 'active',
      startedOn: '2023-04-01',
      cadenceDays: 14,
      isConfidential: true,
      owners: expect.arrayContaining([
        { userId: lead.userId, name: expect.any(String), role: 'lead' },
        { userId: owner.userId, name: expect.any(String), role: 'client_service' },
      ]),
      conflicts: [{ id: rival.id, name: 'Rival Brewing' }],
      contactCount: 0,
      notes: 'Prefers calls on Mondays.',
      archived: false,
      archivedAt: null,
      createdAt: expect.any(String),
      updatedAt: res.body.createdAt,
    });
    expect(res.body.owners).toHaveLength(2);
    expect(await get(res.body.id)).toEqual(res.body);
  });

  it('fills defaults for a name-only account', async () => {
    const res = await t.request('POST', '/api/accounts', { token: owner.token, body: { name: 'Bare' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      aliases: [],
      category: null,
      website: null,
      value: null,
      status: 'prospect',
      startedOn: null,
      cadenceDays: null,
      isConfidential: false,
      owners: [],
      conflicts: [],
      notes: '',
      archived: false,
    });
  });

  it('owners must be members of the workspace: 400 on owners.N.userId', async () => {
    const res = await t.request('POST', '/api/accounts', {
      token: owner.token,
      body: { name: 'Owned', owners: [{ userId: lead.userId, role: 'lead' }, { userId: outsider.userId, role: 'member' }] },
    });
    expectFieldError(res, 'owners.1.userId');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['owners.1.userId']);
  });

  it('conflictIds must be accounts of the workspace: 400 on conflictIds.N, and nothing is created', async () => {
    const ok = await createAccount(t, owner.token);
    const foreign = await createAccount(t, outsider.token);
    const res = await t.request('POST', '/api/accounts', { token: owner.token, body: { name: 'Never Made', conflictIds: [UNKNOWN_ID, ok.id, foreign.id] } });
    expectFieldError(res, 'conflictIds.0');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['conflictIds.0', 'conflictIds.2']);
    const list = await t.request('GET', '/api/accounts?q=never%20made&archived=all', { token: owner.token });
    expect(list.body.items).toEqual([]);
    expect((await get(ok.id)).conflicts).toEqual([]);
  });
});

describe('conflicts are symmetric', () => {
  it('B lists A after A lists B; replacing and clearing updates both sides', async () => {
    const a = await createAccount(t, owner.token, { name: 'Conflict A' });
    const b = await createAccount(t, owner.token, { name: 'Conflict B', conflictIds: [a.id] });
    const c = await createAccount(t, owner.token, { name: 'Conflict C' });
    expect(b.conflicts).toEqual([{ id: a.id, name: 'Conflict A' }]);
    expect((await get(a.id)).conflicts).toEqual([{ id: b.id, name: 'Conflict B' }]);

    const patched = await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { conflictIds: [c.id, b.id] } });
    expect(patched.status).toBe(200);
    expect(patched.body.conflicts.map((x: { id: string }) => x.id)).toEqual([b.id, c.id]);
    expect((await get(c.id)).conflicts).toEqual([{ id: a.id, name: 'Conflict A' }]);

    expect((await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { conflictIds: [c.id] } })).status).toBe(200);
    expect((await get(b.id)).conflicts).toEqual([]);
    expect((await get(c.id)).conflicts).toEqual([{ id: a.id, name: 'Conflict A' }]);

    expect((await t.request('PATCH', `/api/accounts/${c.id}`, { token: owner.token, body: { conflictIds: [] } })).status).toBe(200);
    expect((await get(a.id)).conflicts).toEqual([]);
    expect((await get(c.id)).conflicts).toEqual([]);
  });

  it('a renamed account shows its new name on the other side', async () => {
    const a = await createAccount(t, owner.token, { name: 'Old Name' });
    const b = await createAccount(t, owner.token, { conflictIds: [a.id] });
    await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { name: 'New Name' } });
    expect((await get(b.id)).conflicts).toEqual([{ id: a.id, name: 'New Name' }]);
  });

  it('PATCH without conflictIds keeps them', async () => {
    const a = await createAccount(t, owner.token);
    const b = await createAccount(t, owner.token, { conflictIds: [a.id] });
    await t.request('PATCH', `/api/accounts/${b.id}`, { token: owner.token, body: { notes: 'still rivals' } });
    expect((await get(a.id)).conflicts.map((x: { id: string }) => x.id)).toEqual([b.id]);
  });
});

describe('PATCH /api/accounts/{id}', () => {
  it('changes only what is sent; null clears a field; website is normalised', async () => {
    const a = await createAccount(t, owner.token, { name: 'Patch Me', category: 'beer', website: 'https://patch.example', value: { amount: 100, currency: 'USD' }, cadenceDays: 30 });
    const res = await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { category: null, value: null, website: 'www.patched.example', status: 'at_risk' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Patch Me', category: null, value: null, website: 'https://www.patched.example', status: 'at_risk', cadenceDays: 30 });
    expect(res.body.createdAt).toBe(a.createdAt);
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(a.updatedAt));
  });

  it('owners, when sent, replace the old list', async () => {
    const a = await createAccount(t, owner.token, { owners: [{ userId: lead.userId, role: 'lead' }] });
    const res = await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { owners: [{ userId: owner.userId, role: 'member' }] } });
    expect(res.body.owners).toEqual([{ userId: owner.userId, name: expect.any(String), role: 'member' }]);
    const cleared = await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { owners: [] } });
    expect(cleared.body.owners).toEqual([]);
  });

  it('renaming keeps aliases that differ from the new name and drops one that equals it', async () => {
    const a = await createAccount(t, owner.token, { name: 'Alpha Beer', aliases: ['Alpha', 'Beta'] });
    const res = await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { name: 'beta' } });
    expect(res.body.aliases).toEqual(['Alpha']);
  });
});

describe('archive and restore', () => {
  it('DELETE archives: hidden from the default list, listed with archived=true, restored by PATCH archived:false', async () => {
    const a = await createAccount(t, owner.token, { name: 'Archive Candidate', category: 'archive-test' });
    const del = await t.request('DELETE', `/api/accounts/${a.id}`, { token: owner.token });
    expect(del.status).toBe(204);
    expect(del.body).toBe('');

    const archived = await get(a.id);
    expect(archived).toMatchObject({ archived: true, archivedAt: expect.any(String) });
    const list = (q: string) => t.request('GET', `/api/accounts?category=archive-test${q}`, { token: owner.token });
    expect(names((await list('')).body)).toEqual([]);
    expect(names((await list('&archived=true')).body)).toEqual(['Archive Candidate']);
    expect(names((await list('&archived=all')).body)).toEqual(['Archive Candidate']);
    const facets = await t.request('GET', '/api/accounts/facets', { token: owner.token });
    expect(facets.body.categories.map((c: { category: string }) => c.category)).not.toContain('archive-test');

    // Archiving again changes nothing.
    expect((await t.request('DELETE', `/api/accounts/${a.id}`, { token: owner.token })).status).toBe(204);
    expect((await get(a.id)).archivedAt).toBe(archived.archivedAt);

    const restored = await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { archived: false } });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ archived: false, archivedAt: null });
    expect(names((await list('')).body)).toEqual(['Archive Candidate']);
    expect(names((await list('&archived=true')).body)).toEqual([]);
  });

  it('PATCH archived:true archives too', async () => {
    const a = await createAccount(t, owner.token);
    const res = await t.request('PATCH', `/api/accounts/${a.id}`, { token: owner.token, body: { archived: true } });
    expect(res.body.archived).toBe(true);
  });
});

describe('GET /api/accounts filters', () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    const ws = await t.newWorkspace('Filters');
    owner2 = ws;
    const other = await t.newMember(ws.workspaceId, 'member');
    const make = async (name: string, extra: Record<string, unknown>) => (await createAccount(t, ws.token, { name, ...extra })).id as string;
    ids = {
      cafe: await make('Café Ölund', { aliases: ['Nordic Roasters', '@olund_coffee'], category: 'Coffee', status: 'active', owners: [{ userId: other.userId, role: 'lead' }] }),
      brew: await make('Bräu Haus', { aliases: ['BRAUHAUS'], category: 'beer', status: 'at_risk' }),
      ale: await make('Ale Works', { aliases: ['100% Ale'], category: 'beer', status: 'prospect', owners: [{ userId: ws.userId, role: 'lead' }] }),
      lost: await make('Lost Cause', { category: 'beer', status: 'active' }),
      fin: await make('Fintech_Co', { category: 'fintech', status: 'active', owners: [{ userId: other.userId, role: 'member' }] }),
    };
    otherId = other.userId;
    const lost = await t.request('POST', `/api/accounts/${ids.lost}/lost`, { token: ws.token, body: { lostOn: '2026-01-05', reasons: ['price'] } });
    expect(lost.status).toBe(201);
  });
  let owner2: TestMember;
  let otherId: string;
  const list = async (query: string) => {
    const res = await t.request('GET', `/api/accounts?${query}`, { token: owner2.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it.each([
    ['q=olund', ['Café Ölund']],
    ['q=%C3%96LUND', ['Café Ölund']],
    ['q=cafe', ['Café Ölund']],
    ['q=CAF%C3%89', ['Café Ölund']],
    ['q=nordic', ['Café Ölund']],
    ['q=roasters', ['Café Ölund']],
    ['q=%40olund_', ['Café Ölund']],
    ['q=brau', ['Bräu Haus']],
    ['q=brauhaus', ['Bräu Haus']],
    ['q=%25', ['Ale Works']],
    ['q=100%25', ['Ale Works']],
    ['q=_co', ['Café Ölund', 'Fintech_Co']],
    ['q=brau_haus', []],
    ['q=a', ['Ale Works', 'Bräu Haus', 'Café Ölund', 'Lost Cause']],
    ['q=nothing-like-this', []],
    ['q=roasters%20caf', []],
    ['status=active', ['Café Ölund', 'Fintech_Co']],
    ['status=active,at_risk', ['Bräu Haus', 'Café Ölund', 'Fintech_Co']],
    ['status=lost,prospect', ['Ale Works', 'Lost Cause']],
    ['category=beer', ['Ale Works', 'Bräu Haus', 'Lost Cause']],
    ['category=COFFEE', ['Café Ölund']],
    ['category=be', []],
    ['category=beer&status=at_risk,lost', ['Bräu Haus', 'Lost Cause']],
    ['category=beer&q=works', ['Ale Works']],
  ])('%s', async (query, expected) => {
    expect(names(await list(query))).toEqual(expected);
  });

  it('ownerId lists the accounts a member owns', async () => {
    expect(names(await list(`ownerId=${otherId}`))).toEqual(['Café Ölund', 'Fintech_Co']);
    expect(names(await list(`ownerId=${owner2.userId}`))).toEqual(['Ale Works']);
    expect(names(await list(`ownerId=${otherId}&status=active&category=fintech`))).toEqual(['Fintech_Co']);
    expect(names(await list(`ownerId=${UNKNOWN_ID}`))).toEqual([]);
  });

  it('withTotal counts every match, not just the page', async () => {
    const body = await list('category=beer&limit=1&withTotal=true');
    expect(body.items).toHaveLength(1);
    expect(body.total).toBe(3);
    expect(body.nextCursor).toEqual(expect.any(String));
    expect(await list('category=beer&limit=1')).not.toHaveProperty('total');
    expect((await list('q=zzz&withTotal=true')).total).toBe(0);
  });

  it('facets count categories and statuses of live accounts', async () => {
    const res = await t.request('GET', '/api/accounts/facets', { token: owner2.token });
    expect(res.status).toBe(200);
    expect(res.body.categories).toEqual([
      { category: 'beer', count: 3 },
      { category: 'Coffee', count: 1 },
      { category: 'fintech', count: 1 },
    ]);
    expect(res.body.statuses).toEqual([
      { status: 'active', count: 2 },
      { status: 'at_risk', count: 1 },
      { status: 'lost', count: 1 },
      { status: 'prospect', count: 1 },
    ]);
    void ids;
  });

  it('shows each account’s contact count', async () => {
    await createContact(t, owner2.token, ids.ale!);
    await createContact(t, owner2.token, ids.ale!);
    const body = await list('q=ale%20works');
    expect(body.items[0].contactCount).toBe(2);
  });
});

describe('unknown ids', () => {
  it.each(['GET', 'PATCH', 'DELETE'] as const)('%s an unknown account → 404 not_found', async (method) => {
    const res = await t.request(method, `/api/accounts/${UNKNOWN_ID}`, { token: owner.token, ...(method === 'PATCH' ? { body: { notes: 'x' } } : {}) });
    expectError(res, 404, 'not_found');
  });
});
