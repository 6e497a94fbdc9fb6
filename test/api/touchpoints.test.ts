import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/platform/cursor.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, expectFieldError, login, UNKNOWN_ID } from '../support/factories.js';

/**
 * M2 touchpoints over HTTP: logging (with external ids, contacts and members checked), reading,
 * filtering and paging, changing (also to another account), deleting, the account timeline, and
 * who may do what in which workspace.
 */
let t: TestApp;
let owner: TestMember;
let member: TestMember;
let viewer: TestMember;
let acme: any;
let globex: any;
let alice: any; // Acme
let bob: any; // Acme
let carol: any; // Acme, left
let gina: any; // Globex

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Touch Agency');
  [member, viewer] = await Promise.all([t.newMember(owner.workspaceId, 'member'), t.newMember(owner.workspaceId, 'viewer')]);
  acme = await createAccount(t, owner.token, { name: 'Acme', cadenceDays: 14 });
  globex = await createAccount(t, owner.token, { name: 'Globex' });
  alice = await createContact(t, owner.token, acme.id, { name: 'Alice Able' });
  bob = await createContact(t, owner.token, acme.id, { name: 'Bob Baker' });
  carol = await createContact(t, owner.token, acme.id, { name: 'Carol Cole', status: 'left', leftOn: '2026-01-31' });
  gina = await createContact(t, owner.token, globex.id, { name: 'Gina Green' });
});
afterAll(async () => t.close());

type Json = any;
const valid = (overrides: Record<string, unknown> = {}) => ({
  accountId: acme.id,
  channel: 'call',
  direction: 'agency_initiated',
  occurredAt: '2026-03-01T14:30:00Z',
  ...overrides,
});

async function log(overrides: Record<string, unknown> = {}, token = owner.token): Promise<Json> {
  const res = await t.request('POST', '/api/touchpoints', { token, body: valid(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Rows in the touchpoints table of a workspace, straight from the database. */
async function storedCount(workspaceId: string, where: { externalId?: string } = {}): Promise<number> {
  const db = t.rapport.deps.db;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from touchpoints
    where workspace_id = ${workspaceId} ${where.externalId ? sql`and external_id = ${where.externalId}` : sql``}`.execute(db);
  return rows[0]!.n;
}

describe('POST /api/touchpoints', () => {
  it('logs a touchpoint with everything and answers it whole (201); GET answers the same', async () => {
    const res = await t.request('POST', '/api/touchpoints', {
      token: owner.token,
      body: valid({
        channel: 'meeting',
        direction: 'client_initiated',
        occurredAt: '2026-03-02T09:15:00+02:00',
        durationMinutes: 45,
        contactIds: [bob.id, alice.id],
        memberIds: [member.userId, owner.userId],
        subject: '  Quarterly review  ',
        summary: 'They want more video.\nBudget is flat.',
        source: 'manual',
      }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      accountId: acme.id,
      accountName: 'Acme',
      channel: 'meeting',
      direction: 'client_initiated',
      occurredAt: '2026-03-02T07:15:00.000Z',
      durationMinutes: 45,
      subject: 'Quarterly review',
      summary: 'They want more video.\nBudget is flat.',
      source: 'manual',
      externalId: null,
      contacts: [
        { id: alice.id, name: 'Alice Able' },
        { id: bob.id, name: 'Bob Baker' },
      ],
      members: expect.arrayContaining([
        { userId: member.userId, name: expect.any(String) },
        { userId: owner.userId, name: expect.any(String) },
      ]),
      createdBy: owner.userId,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.body.members).toHaveLength(2);
    const got = await t.request('GET', `/api/touchpoints/${res.body.id}`, { token: owner.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('fills in the defaults: source api, no duration, empty texts, no contacts, and the author as the member', async () => {
    const body = await log({}, member.token);
    expect(body).toMatchObject({ source: 'api', durationMinutes: null, subject: '', summary: '', contacts: [], externalId: null, createdBy: member.userId });
    expect(body.members.map((m: { userId: string }) => m.userId)).toEqual([member.userId]);
  });

  it('a contact or member listed twice is stored once', async () => {
    const body = await log({ contactIds: [alice.id, alice.id], memberIds: [owner.userId, owner.userId] });
    expect(body.contacts.map((c: { id: string }) => c.id)).toEqual([alice.id]);
    expect(body.members.map((m: { userId: string }) => m.userId)).toEqual([owner.userId]);
  });

  it('a contact who left may still be in a touchpoint (it happened before they left)', async () => {
    const body = await log({ contactIds: [carol.id], occurredAt: '2026-01-10T10:00:00Z' });
    expect(body.contacts).toEqual([{ id: carol.id, name: 'Carol Cole' }]);
  });

  it('the same external id twice → 201, then 200 with the stored touchpoint (unchanged), one row', async () => {
    const first = await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ externalId: 'crm-42', subject: 'First' }) });
    expect(first.status).toBe(201);
    expect(first.body.externalId).toBe('crm-42');
    const again = await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ externalId: 'crm-42', subject: 'Second', channel: 'email' }) });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Surrounding white space is trimmed, so " crm-42 " is the same id.
    const padded = await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ externalId: ' crm-42 ' }) });
    expect(padded.status).toBe(200);
    expect(padded.body.id).toBe(first.body.id);
    expect(await storedCount(owner.workspaceId, { externalId: 'crm-42' })).toBe(1);
  });

  it('external ids are case-sensitive and kept apart per workspace', async () => {
    const upper = await log({ externalId: 'CRM-42' });
    expect(upper.externalId).toBe('CRM-42');
    const other = await t.newWorkspace('Other Agency');
    const otherAccount = await createAccount(t, other.token, { name: 'Their Client' });
    const theirs = await t.request('POST', '/api/touchpoints', { token: other.token, body: valid({ accountId: otherAccount.id, externalId: 'crm-42' }) });
    expect(theirs.status).toBe(201);
    expect(await storedCount(other.workspaceId, { externalId: 'crm-42' })).toBe(1);
    expect(await storedCount(owner.workspaceId, { externalId: 'crm-42' })).toBe(1);
  });

  it('the same external id sent several times at once → one 201, the rest 200 with the same id, one row', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ externalId: 'race-1' }) })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await storedCount(owner.workspaceId, { externalId: 'race-1' })).toBe(1);
  });

  it("contacts must be the account's own: another account's contact → 400 contactIds.0, nothing stored", async () => {
    const before = await storedCount(owner.workspaceId);
    const res = await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ contactIds: [gina.id] }) });
    const error = expectError(res, 400, 'invalid_input');
    expect(error.details).toEqual([{ path: 'contactIds.0', message: 'This contact belongs to another account' }]);
    expect(await storedCount(owner.workspaceId)).toBe(before);
  });

  it('names each bad element: an unknown contact second → contactIds.1; a non-member → memberIds.0', async () => {
    const outsider = await t.newWorkspace('Outsider');
    const res = await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ contactIds: [alice.id, UNKNOWN_ID], memberIds: [outsider.userId] }) });
    const error = expectError(res, 400, 'invalid_input');
    expect(error.details).toEqual([
      { path: 'contactIds.1', message: 'No such contact' },
      { path: 'memberIds.0', message: 'Not a member of this workspace' },
    ]);
    expectFieldError(await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ memberIds: [UNKNOWN_ID] }) }), 'memberIds.0');
  });

  it('an unknown account → 400 accountId', async () => {
    const error = expectError(await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ accountId: UNKNOWN_ID }) }), 400, 'invalid_input');
    expect(error.details.map((d) => d.path)).toEqual(['accountId']);
  });

  const long = (n: number) => 'x'.repeat(n);
  it.each<[string, Record<string, unknown>, string]>([
    ['no account', { accountId: undefined }, 'accountId'],
    ['account not a uuid', { accountId: 'acme' }, 'accountId'],
    ['no channel', { channel: undefined }, 'channel'],
    ['unknown channel', { channel: 'pigeon' }, 'channel'],
    ['channel in capitals', { channel: 'CALL' }, 'channel'],
    ['no direction', { direction: undefined }, 'direction'],
    ['unknown direction', { direction: 'inbound' }, 'direction'],
    ['no time', { occurredAt: undefined }, 'occurredAt'],
    ['a date without a time', { occurredAt: '2026-03-01' }, 'occurredAt'],
    ['a time without an offset', { occurredAt: '2026-03-01T14:30:00' }, 'occurredAt'],
    ['an impossible date', { occurredAt: '2026-02-29T10:00:00Z' }, 'occurredAt'],
    ['another format', { occurredAt: '03/01/2026 14:30' }, 'occurredAt'],
    ['a number', { occurredAt: 1772375400000 }, 'occurredAt'],
    ['year zero', { occurredAt: '0000-01-01T00:00:00Z' }, 'occurredAt'],
    ['year one', { occurredAt: '0001-01-01T00:00:00Z' }, 'occurredAt'],
    ['a second before 1900', { occurredAt: '1899-12-31T23:59:59Z' }, 'occurredAt'],
    ['1900 in a time zone ahead of UTC (still 1899 in UTC)', { occurredAt: '1900-01-01T00:30:00+01:00' }, 'occurredAt'],
    ['9999 in a time zone behind UTC (10000 in UTC)', { occurredAt: '9999-12-31T23:59:59-23:59' }, 'occurredAt'],
    ['negative duration', { durationMinutes: -1 }, 'durationMinutes'],
    ['fractional duration', { durationMinutes: 1.5 }, 'durationMinutes'],
    ['duration too long', { durationMinutes: 100_001 }, 'durationMinutes'],
    ['duration as text', { durationMinutes: '30' }, 'durationMinutes'],
    ['contacts not a list', { contactIds: 'x' }, 'contactIds'],
    ['contact not a uuid', { contactIds: ['nope'] }, 'contactIds.0'],
    ['too many contacts', { contactIds: Array.from({ length: 101 }, () => UNKNOWN_ID) }, 'contactIds'],
    ['member not a uuid', { memberIds: [UNKNOWN_ID, 7] }, 'memberIds.1'],
    ['too many members', { memberIds: Array.from({ length: 51 }, () => UNKNOWN_ID) }, 'memberIds'],
    ['subject too long', { subject: long(501) }, 'subject'],
    ['subject null', { subject: null }, 'subject'],
    ['summary too long', { summary: long(20_001) }, 'summary'],
    ['source csv (only intakes set it)', { source: 'csv' }, 'source'],
    ['blank external id', { externalId: '   ' }, 'externalId'],
    ['external id too long', { externalId: long(501) }, 'externalId'],
    ['unknown field', { createdBy: UNKNOWN_ID }, 'createdBy'],
  ])('%s → 400 naming the field', async (_label, overrides, field) => {
    expectFieldError(await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid(overrides) }), field);
  });

  it('the edges that are allowed: zero minutes, 100,000 minutes, 100 contacts listed, a far future date', async () => {
    expect((await log({ durationMinutes: 0 })).durationMinutes).toBe(0);
    expect((await log({ durationMinutes: 100_000 })).durationMinutes).toBe(100_000);
    expect((await log({ occurredAt: '9999-12-31T23:59:59Z' })).occurredAt).toBe('9999-12-31T23:59:59.000Z');
    expect((await log({ occurredAt: '1900-01-01T00:00:00Z' })).occurredAt).toBe('1900-01-01T00:00:00.000Z');
    expect((await log({ contactIds: Array.from({ length: 100 }, () => alice.id) })).contacts).toHaveLength(1);
  });

  it('every write is in the audit log', async () => {
    const created = await log({ subject: 'Audited' });
    await t.request('PATCH', `/api/touchpoints/${created.id}`, { token: owner.token, body: { subject: 'Audited twice' } });
    await t.request('DELETE', `/api/touchpoints/${created.id}`, { token: owner.token });
    const audit = await t.request('GET', `/api/audit?entityType=touchpoint&entityId=${created.id}`, { token: owner.token });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['touchpoint.created', 'touchpoint.deleted', 'touchpoint.updated']);
    const updated = audit.body.items.find((e: { action: string }) => e.action === 'touchpoint.updated');
    expect(JSON.stringify(updated.changes)).toContain('Audited twice');
  });
});

describe('GET /api/touchpoints/{id}', () => {
  it('an unknown id → 404 not_found', async () => {
    expectError(await t.request('GET', `/api/touchpoints/${UNKNOWN_ID}`, { token: owner.token }), 404, 'not_found');
  });

  it("an account's or a contact's id is not a touchpoint's → 404", async () => {
    expectError(await t.request('GET', `/api/touchpoints/${acme.id}`, { token: owner.token }), 404, 'not_found');
    expectError(await t.request('GET', `/api/touchpoints/${alice.id}`, { token: owner.token }), 404, 'not_found');
  });
});

describe('GET /api/touchpoints: filters and paging', () => {
  // A workspace of its own, so every expected list is exact.
  let w: TestMember;
  let accounts: { north: Json; south: Json };
  let people: { nina: Json; nils: Json; sam: Json };
  interface Made {
    id: string;
    accountId: string;
    channel: string;
    direction: string;
    occurredAt: string;
    contactIds: string[];
  }
  const made: Made[] = [];

  beforeAll(async () => {
    w = await t.newWorkspace('Filter Agency');
    accounts = { north: await createAccount(t, w.token, { name: 'North' }), south: await createAccount(t, w.token, { name: 'South' }) };
    people = {
      nina: await createContact(t, w.token, accounts.north.id, { name: 'Nina' }),
      nils: await createContact(t, w.token, accounts.north.id, { name: 'Nils' }),
      sam: await createContact(t, w.token, accounts.south.id, { name: 'Sam' }),
    };
    const channels = ['email', 'call', 'meeting', 'video', 'chat', 'social', 'report', 'other'];
    // 30 touchpoints over March 2026; every fourth shares its time with the one before (ties break by id).
    for (let i = 0; i < 30; i++) {
      const north = i % 3 !== 0;
      const day = 1 + Math.floor(i / 4) * 3;
      const at = new Date(Date.UTC(2026, 2, day, 9 + (i % 4 === 3 ? 2 : i % 4), 0, 0));
      const contactIds = north ? (i % 2 === 0 ? [people.nina.id] : [people.nina.id, people.nils.id]) : i % 2 === 0 ? [people.sam.id] : [];
      const body = {
        accountId: north ? accounts.north.id : accounts.south.id,
        channel: channels[i % channels.length],
        direction: i % 5 === 0 ? 'client_initiated' : 'agency_initiated',
        occurredAt: at.toISOString(),
        contactIds,
        subject: `Touch ${i}`,
      };
      const res = await t.request('POST', '/api/touchpoints', { token: w.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      made.push({ id: res.body.id, accountId: body.accountId, channel: body.channel!, direction: body.direction, occurredAt: res.body.occurredAt, contactIds });
    }
  });

  /** Newest first, ties by id descending: the order the API promises. */
  const newestFirst = (items: Made[]) => [...items].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((m) => m.id);

  async function all(query: string): Promise<string[]> {
    const res = await t.request('GET', `/api/touchpoints?limit=500${query ? `&${query}` : ''}`, { token: w.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    return res.body.items.map((x: { id: string }) => x.id);
  }

  it('without filters: every touchpoint of the workspace, newest first', async () => {
    expect(await all('')).toEqual(newestFirst(made));
  });

  it.each<[string, () => string, (m: Made) => boolean]>([
    ['account', () => `accountId=${accounts.north.id}`, (m) => m.accountId === accounts.north.id],
    ['the other account', () => `accountId=${accounts.south.id}`, (m) => m.accountId === accounts.south.id],
    ['contact', () => `contactId=${people.nils.id}`, (m) => m.contactIds.includes(people.nils.id)],
    ['contact in every touch of the account', () => `contactId=${people.nina.id}`, (m) => m.contactIds.includes(people.nina.id)],
    ['channel', () => 'channel=meeting', (m) => m.channel === 'meeting'],
    ['direction', () => 'direction=client_initiated', (m) => m.direction === 'client_initiated'],
    ['from (inclusive)', () => `from=${made[8]!.occurredAt}`, (m) => m.occurredAt >= made[8]!.occurredAt],
    ['to (exclusive)', () => `to=${made[8]!.occurredAt}`, (m) => m.occurredAt < made[8]!.occurredAt],
    ['from and to', () => `from=2026-03-04T00:00:00Z&to=2026-03-14T00:00:00Z`, (m) => m.occurredAt >= '2026-03-04T00:00:00.000Z' && m.occurredAt < '2026-03-14T00:00:00.000Z'],
    ['from with an offset (an instant)', () => `from=${encodeURIComponent('2026-03-10T12:00:00+02:00')}`, (m) => m.occurredAt >= '2026-03-10T10:00:00.000Z'],
    ['from after to: nothing', () => 'from=2026-03-20T00:00:00Z&to=2026-03-10T00:00:00Z', () => false],
    ['account, direction and channel together', () => `accountId=${accounts.north.id}&direction=agency_initiated&channel=call`, (m) => m.accountId === accounts.north.id && m.direction === 'agency_initiated' && m.channel === 'call'],
    ['account and a contact of another account: nothing', () => `accountId=${accounts.south.id}&contactId=${people.nina.id}`, () => false],
    ['an unknown account: nothing', () => `accountId=${UNKNOWN_ID}`, () => false],
  ])('by %s', async (_label, query, keep) => {
    const expected = newestFirst(made.filter(keep));
    expect(await all(query())).toEqual(expected);
  });

  it.each([1, 4, 7, 30])('cursor paging with limit %i visits every touchpoint once, in order', async (limit) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/touchpoints?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.request('GET', url, { token: w.token });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...res.body.items.map((x: { id: string }) => x.id));
      cursor = res.body.nextCursor;
      pages++;
      expect(pages).toBeLessThan(100);
    } while (cursor);
    expect(seen).toEqual(newestFirst(made));
    // A page says there is more only when there is: no empty last page.
    expect(pages).toBe(Math.ceil(made.length / limit));
  });

  it('cursor paging keeps the filters', async () => {
    const expected = newestFirst(made.filter((m) => m.accountId === accounts.north.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/touchpoints?accountId=${accounts.north.id}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.request('GET', url, { token: w.token });
      seen.push(...res.body.items.map((x: { id: string }) => x.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('the default page is 50 and the last page says so (nextCursor null)', async () => {
    const res = await t.request('GET', '/api/touchpoints', { token: w.token });
    expect(res.body.items).toHaveLength(made.length);
    expect(res.body.nextCursor).toBeNull();
    const exact = await t.request('GET', `/api/touchpoints?limit=${made.length}`, { token: w.token });
    expect(exact.body.items).toHaveLength(made.length);
    expect(exact.body.nextCursor).toBeNull();
  });

  const forged = (key: string, id = UNKNOWN_ID) => encodeURIComponent(encodeCursor([key, id]));
  it.each<[string, string, string]>([
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=501', 'limit=501', 'query.limit'],
    ['limit=abc', 'limit=abc', 'query.limit'],
    ['accountId not a uuid', 'accountId=acme', 'query.accountId'],
    ['contactId not a uuid', 'contactId=1', 'query.contactId'],
    ['unknown channel', 'channel=fax', 'query.channel'],
    ['unknown direction', 'direction=both', 'query.direction'],
    ['from as a date only', 'from=2026-03-01', 'query.from'],
    ['to in another format', 'to=yesterday', 'query.to'],
    ['from in year zero', 'from=0000-01-01T00:00:00Z', 'query.from'],
    ['cursor garbage', 'cursor=garbage', 'query.cursor'],
    ['cursor with a name instead of a time', `cursor=${forged('Acme')}`, 'query.cursor'],
    ['cursor with an id that is not a uuid', `cursor=${forged('2026-03-01T00:00:00.000Z', 'x')}`, 'query.cursor'],
    ['cursor in year zero', `cursor=${forged('0000-01-01T00:00:00.000Z')}`, 'query.cursor'],
    ['unknown parameter', 'sort=name', 'query.sort'],
  ])('%s → 400 naming the parameter', async (_label, query, field) => {
    expectFieldError(await t.request('GET', `/api/touchpoints?${query}`, { token: w.token }), field);
  });
});

describe('PATCH /api/touchpoints/{id}', () => {
  it('changes the fields sent and keeps the rest', async () => {
    const created = await log({ contactIds: [alice.id], subject: 'Before', summary: 'Kept', durationMinutes: 30 });
    const res = await t.request('PATCH', `/api/touchpoints/${created.id}`, {
      token: owner.token,
      body: { subject: 'After', channel: 'video', direction: 'client_initiated', occurredAt: '2026-04-01T08:00:00Z', durationMinutes: null },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      ...created,
      subject: 'After',
      channel: 'video',
      direction: 'client_initiated',
      occurredAt: '2026-04-01T08:00:00.000Z',
      durationMinutes: null,
      updatedAt: expect.any(String),
    });
    expect((await t.request('GET', `/api/touchpoints/${created.id}`, { token: owner.token })).body).toEqual(res.body);
  });

  it('contacts and members, when sent, replace the old lists; an empty list empties it', async () => {
    const created = await log({ contactIds: [alice.id], memberIds: [owner.userId] });
    const replaced = await t.request('PATCH', `/api/touchpoints/${created.id}`, { token: owner.token, body: { contactIds: [bob.id], memberIds: [member.userId] } });
    expect(replaced.body.contacts.map((c: { id: string }) => c.id)).toEqual([bob.id]);
    expect(replaced.body.members.map((m: { userId: string }) => m.userId)).toEqual([member.userId]);
    const emptied = await t.request('PATCH', `/api/touchpoints/${created.id}`, { token: owner.token, body: { contactIds: [] } });
    expect(emptied.body.contacts).toEqual([]);
    expect(emptied.body.members.map((m: { userId: string }) => m.userId)).toEqual([member.userId]);
  });

  it("moves a touchpoint to another account: the old account's contacts are dropped, it leaves the old timeline and joins the new", async () => {
    const created = await log({ contactIds: [alice.id, bob.id], subject: 'Misfiled' });
    const moved = await t.request('PATCH', `/api/touchpoints/${created.id}`, { token: owner.token, body: { accountId: globex.id } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ accountId: globex.id, accountName: 'Globex', contacts: [], subject: 'Misfiled' });
    const acmeTimeline = await t.request('GET', `/api/accounts/${acme.id}/timeline?limit=200`, { token: owner.token });
    expect(acmeTimeline.body.items.map((e: Json) => e.touchpoint.id)).not.toContain(created.id);
    const globexTimeline = await t.request('GET', `/api/accounts/${globex.id}/timeline?limit=200`, { token: owner.token });
    expect(globexTimeline.body.items.map((e: Json) => e.touchpoint.id)).toContain(created.id);
    const byContact = await t.request('GET', `/api/touchpoints?contactId=${alice.id}&limit=500`, { token: owner.token });
    expect(byContact.body.items.map((x: Json) => x.id)).not.toContain(created.id);
  });

  it("moves a touchpoint with the new account's contacts in one request", async () => {
    const created = await log({ contactIds: [alice.id] });
    const moved = await t.request('PATCH', `/api/touchpoints/${created.id}`, { token: owner.token, body: { accountId: globex.id, contactIds: [gina.id] } });
    expect(moved.status).toBe(200);
    expect(moved.body.contacts).toEqual([{ id: gina.id, name: 'Gina Green' }]);
  });

  it("moving it while naming the old account's contacts → 400 contactIds.0 and nothing changes", async () => {
    const created = await log({ contactIds: [alice.id] });
    const res = await t.request('PATCH', `/api/touchpoints/${created.id}`, { token: owner.token, body: { accountId: globex.id, contactIds: [alice.id] } });
    expectFieldError(res, 'contactIds.0');
    expect((await t.request('GET', `/api/touchpoints/${created.id}`, { token: owner.token })).body).toEqual(created);
  });

  it.each<[string, () => Record<string, unknown>, string]>([
    ['nothing to change', () => ({}), '(root)'],
    ['an unknown account', () => ({ accountId: UNKNOWN_ID }), 'accountId'],
    ["another account's contact", () => ({ contactIds: [gina.id] }), 'contactIds.0'],
    ['a non-member', () => ({ memberIds: [UNKNOWN_ID] }), 'memberIds.0'],
    ['the account cleared', () => ({ accountId: null }), 'accountId'],
    ['a bad channel', () => ({ channel: 'telegram' }), 'channel'],
    ['a bad time', () => ({ occurredAt: '2026-13-01T00:00:00Z' }), 'occurredAt'],
    ['a year before 1900', () => ({ occurredAt: '0099-06-01T00:00:00Z' }), 'occurredAt'],
    ['the source (set once, by the intake)', () => ({ source: 'manual' }), 'source'],
    ['the external id (set once, by the intake)', () => ({ externalId: 'x' }), 'externalId'],
  ])('%s → 400 naming the field, and nothing changes', async (_label, body, field) => {
    const created = await log({ contactIds: [alice.id] });
    expectFieldError(await t.request('PATCH', `/api/touchpoints/${created.id}`, { token: owner.token, body: body() }), field);
    expect((await t.request('GET', `/api/touchpoints/${created.id}`, { token: owner.token })).body).toEqual(created);
  });

  it('an unknown touchpoint → 404, even with a valid body', async () => {
    expectError(await t.request('PATCH', `/api/touchpoints/${UNKNOWN_ID}`, { token: owner.token, body: { subject: 'x' } }), 404, 'not_found');
  });
});

describe('DELETE /api/touchpoints/{id}', () => {
  it('deletes it (204): gone from GET, lists and timeline; a second delete is 404', async () => {
    const created = await log({ contactIds: [alice.id], externalId: 'to-delete' });
    expect((await t.request('DELETE', `/api/touchpoints/${created.id}`, { token: owner.token })).status).toBe(204);
    expectError(await t.request('GET', `/api/touchpoints/${created.id}`, { token: owner.token }), 404, 'not_found');
    const list = await t.request('GET', `/api/touchpoints?contactId=${alice.id}&limit=500`, { token: owner.token });
    expect(list.body.items.map((x: Json) => x.id)).not.toContain(created.id);
    const timeline = await t.request('GET', `/api/accounts/${acme.id}/timeline?limit=200`, { token: owner.token });
    expect(timeline.body.items.map((e: Json) => e.touchpoint.id)).not.toContain(created.id);
    expectError(await t.request('DELETE', `/api/touchpoints/${created.id}`, { token: owner.token }), 404, 'not_found');
    // Its external id is free again: the next import of it creates it anew.
    expect((await t.request('POST', '/api/touchpoints', { token: owner.token, body: valid({ externalId: 'to-delete' }) })).status).toBe(201);
  });

  it('deleting a contact takes them out of their touchpoints; archiving (DELETE) the account keeps its touchpoints', async () => {
    const doomed = await createAccount(t, owner.token, { name: 'Doomed' });
    const person = await createContact(t, owner.token, doomed.id, { name: 'Dora' });
    const other = await createContact(t, owner.token, doomed.id, { name: 'Otto' });
    const touch = await log({ accountId: doomed.id, contactIds: [person.id, other.id] });
    expect((await t.request('DELETE', `/api/contacts/${person.id}`, { token: owner.token })).status).toBe(204);
    expect((await t.request('GET', `/api/touchpoints/${touch.id}`, { token: owner.token })).body.contacts).toEqual([{ id: other.id, name: 'Otto' }]);
    expect((await t.request('DELETE', `/api/accounts/${doomed.id}`, { token: owner.token })).status).toBe(204);
    expect((await t.request('GET', `/api/touchpoints/${touch.id}`, { token: owner.token })).status).toBe(200);
  });
});

describe('GET /api/accounts/{id}/timeline', () => {
  let w: TestMember;
  let account: Json;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await t.newWorkspace('Timeline Agency');
    account = await createAccount(t, w.token, { name: 'Timeline Client' });
    const other = await createAccount(t, w.token, { name: 'Elsewhere' });
    const entries: Array<[string, string, string, string]> = [
      ['oldest', '2026-01-05T10:00:00Z', 'email', 'agency_initiated'],
      ['report', '2026-02-01T10:00:00Z', 'report', 'agency_initiated'],
      ['call', '2026-02-15T10:00:00Z', 'call', 'client_initiated'],
      ['email', '2026-03-01T10:00:00Z', 'email', 'client_initiated'],
      ['newest', '2026-03-20T10:00:00Z', 'meeting', 'agency_initiated'],
    ];
    // Logged out of order: the timeline orders by when it happened, not when it was typed in.
    for (const [key, occurredAt, channel, direction] of [entries[2]!, entries[0]!, entries[4]!, entries[1]!, entries[3]!]) {
      const res = await t.request('POST', '/api/touchpoints', { token: w.token, body: { accountId: account.id, occurredAt, channel, direction, subject: key } });
      ids[key] = res.body.id;
    }
    await t.request('POST', '/api/touchpoints', { token: w.token, body: { accountId: other.id, occurredAt: '2026-03-21T10:00:00Z', channel: 'email', direction: 'agency_initiated' } });
  });

  const timeline = async (query = '') => {
    const res = await t.request('GET', `/api/accounts/${account.id}/timeline${query}`, { token: w.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it("lists the account's touchpoints newest first, each entry with its kind and time", async () => {
    const body = await timeline();
    expect(body.items.map((e: Json) => e.touchpoint.subject)).toEqual(['newest', 'email', 'call', 'report', 'oldest']);
    expect(body.items[0]).toEqual({ kind: 'touchpoint', at: '2026-03-20T10:00:00.000Z', touchpoint: expect.objectContaining({ id: ids.newest, accountId: account.id }) });
    expect(body.items.every((e: Json) => e.at === e.touchpoint.occurredAt)).toBe(true);
    expect(body.nextCursor).toBeNull();
  });

  it.each([
    ['channel=email', ['email', 'oldest']],
    ['channel=report', ['report']],
    ['channel=video', []],
    ['direction=client_initiated', ['email', 'call']],
    ['channel=email&direction=agency_initiated', ['oldest']],
    ['kind=touchpoint', ['newest', 'email', 'call', 'report', 'oldest']],
  ])('filters: %s', async (query, subjects) => {
    expect((await timeline(`?${query}`)).items.map((e: Json) => e.touchpoint.subject)).toEqual(subjects);
  });

  it('pages with a cursor', async () => {
    const first = await timeline('?limit=2');
    expect(first.items.map((e: Json) => e.touchpoint.subject)).toEqual(['newest', 'email']);
    const second = await timeline(`?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(second.items.map((e: Json) => e.touchpoint.subject)).toEqual(['call', 'report']);
    const third = await timeline(`?limit=2&cursor=${encodeURIComponent(second.nextCursor)}`);
    expect(third.items.map((e: Json) => e.touchpoint.subject)).toEqual(['oldest']);
    expect(third.nextCursor).toBeNull();
  });

  it('an account without touchpoints has an empty timeline', async () => {
    const empty = await createAccount(t, w.token, { name: 'Quiet One' });
    const res = await t.request('GET', `/api/accounts/${empty.id}/timeline`, { token: w.token });
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('an archived account still shows its history', async () => {
    const archived = await createAccount(t, w.token, { name: 'Archived Client' });
    await t.request('POST', '/api/touchpoints', { token: w.token, body: { accountId: archived.id, occurredAt: '2026-01-01T10:00:00Z', channel: 'call', direction: 'agency_initiated' } });
    expect((await t.request('PATCH', `/api/accounts/${archived.id}`, { token: w.token, body: { archived: true } })).status).toBe(200);
    expect((await t.request('GET', `/api/accounts/${archived.id}/timeline`, { token: w.token })).body.items).toHaveLength(1);
  });

  it.each<[string, string, string]>([
    ['an unknown kind', 'kind=survey_answer', 'query.kind'],
    ['an unknown channel', 'channel=fax', 'query.channel'],
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=201', 'limit=201', 'query.limit'],
    ['a garbage cursor', 'cursor=zzz', 'query.cursor'],
    ['an unknown parameter', 'accountId=x', 'query.accountId'],
  ])('%s → 400 naming the parameter', async (_label, query, field) => {
    expectFieldError(await t.request('GET', `/api/accounts/${account.id}/timeline?${query}`, { token: w.token }), field);
  });

  it('an unknown account → 404', async () => {
    expectError(await t.request('GET', `/api/accounts/${UNKNOWN_ID}/timeline`, { token: w.token }), 404, 'not_found');
  });
});

describe('tenancy: another workspace never reaches these touchpoints', () => {
  let b: TestMember;
  let bAccount: Json;
  let secret: Json;

  beforeAll(async () => {
    b = await t.newWorkspace('Rival Agency');
    bAccount = await createAccount(t, b.token, { name: 'Rival Client' });
    secret = await log({ contactIds: [alice.id], subject: 'Secret pitch', summary: 'Confidential numbers', externalId: 'secret-1' });
  });

  it.each<[string, string, () => string, (() => Record<string, unknown>) | undefined]>([
    ['read it', 'GET', () => `/api/touchpoints/${secret.id}`, undefined],
    ['change it', 'PATCH', () => `/api/touchpoints/${secret.id}`, () => ({ subject: 'Taken over' })],
    ['move it into its own account', 'PATCH', () => `/api/touchpoints/${secret.id}`, () => ({ accountId: bAccount.id })],
    ['delete it', 'DELETE', () => `/api/touchpoints/${secret.id}`, undefined],
    ["read the account's timeline", 'GET', () => `/api/accounts/${acme.id}/timeline`, undefined],
    ["read the account's cadence", 'GET', () => `/api/accounts/${acme.id}/cadence`, undefined],
  ])('%s → 404 not_found', async (_label, method, url, body) => {
    expectError(await t.request(method as 'GET', url(), { token: b.token, ...(body ? { body: body() } : {}) }), 404, 'not_found');
  });

  it('its lists show nothing of them, whatever the filter', async () => {
    for (const query of ['', `accountId=${acme.id}`, `contactId=${alice.id}`, 'channel=call', 'limit=500']) {
      const res = await t.request('GET', `/api/touchpoints?${query}`, { token: b.token });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
  });

  it('cannot log against their account, contacts or members (400 naming the field)', async () => {
    expectFieldError(await t.request('POST', '/api/touchpoints', { token: b.token, body: valid({ accountId: acme.id }) }), 'accountId');
    expectFieldError(await t.request('POST', '/api/touchpoints', { token: b.token, body: valid({ accountId: bAccount.id, contactIds: [alice.id] }) }), 'contactIds.0');
    expectFieldError(await t.request('POST', '/api/touchpoints', { token: b.token, body: valid({ accountId: bAccount.id, memberIds: [member.userId] }) }), 'memberIds.0');
  });

  it("reusing their external id creates B's own touchpoint and reveals nothing", async () => {
    const res = await t.request('POST', '/api/touchpoints', { token: b.token, body: valid({ accountId: bAccount.id, externalId: 'secret-1' }) });
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(secret.id);
    expect(JSON.stringify(res.body)).not.toContain('Secret pitch');
  });

  it('their touchpoint is unchanged after all that', async () => {
    const got = await t.request('GET', `/api/touchpoints/${secret.id}`, { token: owner.token });
    expect(got.body).toEqual(secret);
  });
});

describe('roles', () => {
  let touch: Json;
  beforeAll(async () => {
    touch = await log({ contactIds: [alice.id], subject: 'Role target' });
  });

  it('a viewer reads touchpoints, timelines, cadence and the board', async () => {
    for (const url of ['/api/touchpoints', `/api/touchpoints/${touch.id}`, `/api/accounts/${acme.id}/timeline`, `/api/accounts/${acme.id}/cadence`, '/api/attention']) {
      const res = await t.request('GET', url, { token: viewer.token });
      expect(res.status, url).toBe(200);
    }
  });

  it('a viewer cannot write (403 forbidden, token or session) and nothing changes', async () => {
    const session = await login(t, viewer.email);
    const writes: Array<['POST' | 'PATCH' | 'DELETE', string, unknown]> = [
      ['POST', '/api/touchpoints', valid({ subject: 'By viewer' })],
      ['PATCH', `/api/touchpoints/${touch.id}`, { subject: 'By viewer' }],
      ['DELETE', `/api/touchpoints/${touch.id}`, undefined],
    ];
    const before = await storedCount(owner.workspaceId);
    for (const [method, url, body] of writes) {
      expectError(await t.request(method, url, { token: viewer.token, ...(body ? { body } : {}) }), 403, 'forbidden');
      const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
      expectError(await t.request(method, url, { headers, ...(body ? { body } : {}) }), 403, 'forbidden');
    }
    expect(await storedCount(owner.workspaceId)).toBe(before);
    expect((await t.request('GET', `/api/touchpoints/${touch.id}`, { token: owner.token })).body).toEqual(touch);
  });

  it('a member logs, changes and deletes touchpoints, also ones others logged', async () => {
    const mine = await log({ subject: 'By member' }, member.token);
    expect(mine.createdBy).toBe(member.userId);
    expect((await t.request('PATCH', `/api/touchpoints/${touch.id}`, { token: member.token, body: { summary: 'Noted by a member' } })).status).toBe(200);
    expect((await t.request('DELETE', `/api/touchpoints/${mine.id}`, { token: member.token })).status).toBe(204);
  });

  it('without credentials every touchpoint route is 401', async () => {
    expectError(await t.request('GET', '/api/touchpoints'), 401, 'unauthenticated');
    expectError(await t.request('POST', '/api/touchpoints', { body: valid() }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/attention'), 401, 'unauthenticated');
  });
});
