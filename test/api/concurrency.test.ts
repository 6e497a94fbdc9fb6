import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact } from '../support/factories.js';

/**
 * Requests that arrive at the same moment. On PostgreSQL they run in parallel transactions (each
 * change reads a row, then writes every field back); on PGlite one at a time. Either way no change
 * may be lost and none may end in a 500. Each case runs a few rounds: a race lost once in a while
 * would hide in one.
 */
const ROUNDS = 5;
let t: TestApp;
let owner: TestMember;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Concurrency Agency');
});
afterAll(async () => t.close());

const send = (method: 'POST' | 'PATCH' | 'GET', url: string, body?: unknown) => t.request(method, url, { token: owner.token, ...(body ? { body } : {}) });

describe('two changes of different fields of one record at the same moment both last', () => {
  it('an account', async () => {
    const account = await createAccount(t, owner.token, { name: 'Raced Account' });
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all([send('PATCH', `/api/accounts/${account.id}`, { notes: `notes ${round}` }), send('PATCH', `/api/accounts/${account.id}`, { category: `category ${round}` })]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect((await send('GET', `/api/accounts/${account.id}`)).body).toMatchObject({ notes: `notes ${round}`, category: `category ${round}` });
    }
  });

  it('a contact', async () => {
    const account = await createAccount(t, owner.token, { name: 'Raced Contact Holder' });
    const contact = await createContact(t, owner.token, account.id);
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all([send('PATCH', `/api/contacts/${contact.id}`, { title: `Title ${round}` }), send('PATCH', `/api/contacts/${contact.id}`, { phone: `+31 20 555 000${round}` })]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect((await send('GET', `/api/contacts/${contact.id}`)).body).toMatchObject({ title: `Title ${round}`, phone: `+31 20 555 000${round}` });
    }
  });

  it('a touchpoint', async () => {
    const account = await createAccount(t, owner.token, { name: 'Raced Touch Holder' });
    const created = await send('POST', '/api/touchpoints', { accountId: account.id, channel: 'call', direction: 'agency_initiated', occurredAt: '2025-01-10T10:00:00Z', subject: 'Kick-off' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all([send('PATCH', `/api/touchpoints/${id}`, { subject: `Subject ${round}` }), send('PATCH', `/api/touchpoints/${id}`, { summary: `Summary ${round}` })]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect((await send('GET', `/api/touchpoints/${id}`)).body).toMatchObject({ subject: `Subject ${round}`, summary: `Summary ${round}` });
    }
  });
});

describe('changes that touch the same pair or the same mark at once', () => {
  it('two accounts named as each other’s conflict at the same moment: both saved, the pair once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await createAccount(t, owner.token, { name: `Conflict A${round}` });
      const b = await createAccount(t, owner.token, { name: `Conflict B${round}` });
      const results = await Promise.all([send('PATCH', `/api/accounts/${a.id}`, { conflictIds: [b.id] }), send('PATCH', `/api/accounts/${b.id}`, { conflictIds: [a.id] })]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect((await send('GET', `/api/accounts/${a.id}`)).body.conflicts.map((c: { id: string }) => c.id)).toEqual([b.id]);
      expect((await send('GET', `/api/accounts/${b.id}`)).body.conflicts.map((c: { id: string }) => c.id)).toEqual([a.id]);
    }
  });

  it('six new primary contacts of one account at once: all created, exactly one primary', async () => {
    const account = await createAccount(t, owner.token, { name: 'Primary Race' });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => send('POST', `/api/accounts/${account.id}/contacts`, { name: `Primary ${i}`, isPrimary: true })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const contacts = (await send('GET', `/api/accounts/${account.id}/contacts`)).body.items as Array<{ isPrimary: boolean }>;
    expect(contacts).toHaveLength(6);
    expect(contacts.filter((c) => c.isPrimary)).toHaveLength(1);
  });

  it('contacts made primary by PATCH at once: all saved, exactly one primary', async () => {
    const account = await createAccount(t, owner.token, { name: 'Primary Patch Race' });
    const contacts = await Promise.all(Array.from({ length: 4 }, (_, i) => createContact(t, owner.token, account.id, { name: `Patched ${i}` })));
    const results = await Promise.all(contacts.map((c) => send('PATCH', `/api/contacts/${c.id}`, { isPrimary: true })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const after = (await send('GET', `/api/accounts/${account.id}/contacts`)).body.items as Array<{ isPrimary: boolean }>;
    expect(after.filter((c) => c.isPrimary)).toHaveLength(1);
  });
});
