import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError } from '../support/factories.js';

const clock = fixedClock('2025-03-14T16:30:00Z');
const TODAY = '2025-03-14';
let t: TestApp;
let owner: TestMember;
let account: any;

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Contacts Agency');
  account = await createAccount(t, owner.token, { name: 'Contact Holder' });
});
afterAll(async () => t.close());

const getContact = async (id: string) => (await t.request('GET', `/api/contacts/${id}`, { token: owner.token })).body;
const patch = (id: string, body: Record<string, unknown>) => t.request('PATCH', `/api/contacts/${id}`, { token: owner.token, body });
const listOf = async (accountId: string, query = '') => {
  const res = await t.request('GET', `/api/accounts/${accountId}/contacts${query}`, { token: owner.token });
  expect(res.status).toBe(200);
  return res.body;
};

describe('POST /api/accounts/{id}/contacts', () => {
  it('creates a contact with every field', async () => {
    const res = await t.request('POST', `/api/accounts/${account.id}/contacts`, {
      token: owner.token,
      body: {
        name: ' Dana Decides ',
        emails: ['Dana@Client.test', 'dana@client.test', 'DANA@CLIENT.TEST', 'd.decides@client.test'],
        phone: '+44 20 7946 0000',
        title: 'CMO',
        role: 'decision_maker',
        influence: 5,
        isPrimary: true,
        status: 'active',
        socialHandles: [{ network: 'linkedin', handle: 'dana-decides' }],
        notes: 'Signs the retainer.',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      accountId: account.id,
      name: 'Dana Decides',
      emails: ['dana@client.test', 'd.decides@client.test'],
      phone: '+44 20 7946 0000',
      title: 'CMO',
      role: 'decision_maker',
      influence: 5,
      isPrimary: true,
      status: 'active',
      leftOn: null,
      socialHandles: [{ network: 'linkedin', handle: 'dana-decides' }],
      notes: 'Signs the retainer.',
      createdAt: '2025-03-14T16:30:00.000Z',
      updatedAt: '2025-03-14T16:30:00.000Z',
    });
    expect(await getContact(res.body.id)).toEqual(res.body);
    expect((await t.request('GET', `/api/accounts/${account.id}`, { token: owner.token })).body.contactCount).toBeGreaterThanOrEqual(1);
  });

  it('fills defaults for a name-only contact', async () => {
    const c = await createContact(t, owner.token, account.id, { name: 'Plain', emails: undefined, role: undefined });
    expect(c).toMatchObject({ emails: [], phone: null, title: null, role: 'other', influence: 3, isPrimary: false, status: 'active', leftOn: null, socialHandles: [], notes: '' });
  });

  it('an unknown or archived-elsewhere account → 404', async () => {
    const res = await t.request('POST', '/api/accounts/00000000-0000-4000-8000-000000000000/contacts', { token: owner.token, body: { name: 'Orphan' } });
    expectError(res, 404, 'not_found');
  });
});

describe('one primary contact per account', () => {
  it('making another contact primary unmarks the first, on create and on update', async () => {
    const holder = await createAccount(t, owner.token);
    const other = await createAccount(t, owner.token);
    const otherPrimary = await createContact(t, owner.token, other.id, { isPrimary: true });
    const first = await createContact(t, owner.token, holder.id, { name: 'First', isPrimary: true });
    const second = await createContact(t, owner.token, holder.id, { name: 'Second', isPrimary: true });
    expect(second.isPrimary).toBe(true);
    expect((await getContact(first.id)).isPrimary).toBe(false);

    const third = await createContact(t, owner.token, holder.id, { name: 'Third' });
    const promoted = await patch(third.id, { isPrimary: true });
    expect(promoted.status).toBe(200);
    expect(promoted.body.isPrimary).toBe(true);
    const primaries = (await listOf(holder.id)).items.filter((c: { isPrimary: boolean }) => c.isPrimary).map((c: { name: string }) => c.name);
    expect(primaries).toEqual(['Third']);
    // Another account's primary is untouched.
    expect((await getContact(otherPrimary.id)).isPrimary).toBe(true);

    // Saving the primary as primary again keeps it; unmarking leaves none.
    expect((await patch(third.id, { isPrimary: true, title: 'Still primary' })).body.isPrimary).toBe(true);
    expect((await patch(third.id, { isPrimary: false })).body.isPrimary).toBe(false);
    expect((await listOf(holder.id)).items.some((c: { isPrimary: boolean }) => c.isPrimary)).toBe(false);
  });
});

describe('contact status and the date they left', () => {
  it('status left records today unless a date is given; active clears it', async () => {
    const c = await createContact(t, owner.token, account.id);
    const left = await patch(c.id, { status: 'left' });
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ status: 'left', leftOn: TODAY });

    const dated = await patch(c.id, { leftOn: '2024-12-31' });
    expect(dated.body).toMatchObject({ status: 'left', leftOn: '2024-12-31' });
    // Changing something else keeps the date.
    expect((await patch(c.id, { title: 'Former CMO' })).body.leftOn).toBe('2024-12-31');

    const back = await patch(c.id, { status: 'active' });
    expect(back.body).toMatchObject({ status: 'active', leftOn: null });
  });

  it('a left date given with status left is kept; a left date on an active contact is ignored', async () => {
    const c = await createContact(t, owner.token, account.id);
    expect((await patch(c.id, { status: 'left', leftOn: '2025-01-15' })).body.leftOn).toBe('2025-01-15');
    const active = await createContact(t, owner.token, account.id, { leftOn: '2025-01-15' });
    expect(active).toMatchObject({ status: 'active', leftOn: null });
  });

  it('creating a contact who already left records today, or the given date', async () => {
    expect(await createContact(t, owner.token, account.id, { status: 'left' })).toMatchObject({ status: 'left', leftOn: TODAY });
    expect(await createContact(t, owner.token, account.id, { status: 'left', leftOn: '2020-02-29' })).toMatchObject({ leftOn: '2020-02-29' });
  });

  it('lists can be filtered by status', async () => {
    const holder = await createAccount(t, owner.token);
    await createContact(t, owner.token, holder.id, { name: 'Stayer' });
    await createContact(t, owner.token, holder.id, { name: 'Leaver', status: 'left' });
    expect((await listOf(holder.id, '?status=left')).items.map((c: { name: string }) => c.name)).toEqual(['Leaver']);
    expect((await listOf(holder.id, '?status=active')).items.map((c: { name: string }) => c.name)).toEqual(['Stayer']);
  });
});

describe('PATCH /api/contacts/{id}', () => {
  it('lower-cases and de-duplicates e-mails; null clears phone and title', async () => {
    const c = await createContact(t, owner.token, account.id, { phone: '123', title: 'Boss' });
    const res = await patch(c.id, { emails: ['X@Y.test', 'x@y.test', 'z@y.test'], phone: null, title: null });
    expect(res.body).toMatchObject({ emails: ['x@y.test', 'z@y.test'], phone: null, title: null });
    expect(res.body.name).toBe(c.name);
  });

  it('updates the time stamps of the contact and its account', async () => {
    const holder = await createAccount(t, owner.token);
    const c = await createContact(t, owner.token, holder.id);
    clock.advance(60_000);
    const res = await patch(c.id, { influence: 1 });
    expect(res.body.updatedAt).toBe(clock.now().toISOString());
    expect(res.body.createdAt).toBe(c.createdAt);
    expect((await t.request('GET', `/api/accounts/${holder.id}`, { token: owner.token })).body.updatedAt).toBe(clock.now().toISOString());
  });
});

describe('DELETE /api/contacts/{id}', () => {
  it('removes the contact for good', async () => {
    const holder = await createAccount(t, owner.token);
    const keep = await createContact(t, owner.token, holder.id, { name: 'Keep' });
    const gone = await createContact(t, owner.token, holder.id, { name: 'Gone' });
    const res = await t.request('DELETE', `/api/contacts/${gone.id}`, { token: owner.token });
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expectError(await t.request('GET', `/api/contacts/${gone.id}`, { token: owner.token }), 404, 'not_found');
    expectError(await t.request('DELETE', `/api/contacts/${gone.id}`, { token: owner.token }), 404, 'not_found');
    expectError(await patch(gone.id, { name: 'Back' }), 404, 'not_found');
    expect((await listOf(holder.id)).items.map((c: { id: string }) => c.id)).toEqual([keep.id]);
    expect((await t.request('GET', `/api/accounts/${holder.id}`, { token: owner.token })).body.contactCount).toBe(1);
  });
});

describe('GET /api/accounts/{id}/contacts', () => {
  it('lists by name (diacritics folded) and pages with a cursor, each contact once', async () => {
    const holder = await createAccount(t, owner.token);
    const names = ['zoë', 'Émile', 'adam', 'Bea', 'bea', 'Carl', 'Ölaf'];
    for (const name of names) await createContact(t, owner.token, holder.id, { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body = await listOf(holder.id, `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((c: { name: string }) => c.name));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(names.length);
    expect(seen.map((n) => n.toLowerCase())).toEqual(['adam', 'bea', 'bea', 'carl', 'émile', 'ölaf', 'zoë']);
  });

  it('an account with no contacts lists none', async () => {
    const holder = await createAccount(t, owner.token);
    expect(await listOf(holder.id)).toEqual({ items: [], nextCursor: null });
  });
});
