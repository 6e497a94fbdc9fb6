import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, expectFieldError, UNKNOWN_ID } from '../support/factories.js';

/**
 * The attention board and an account's cadence on a fixed "today", over a portfolio whose every
 * touch is logged through the API at a chosen date. Each account is built to meet (or just miss)
 * one rule; the expected rows and messages are written out by hand.
 */
const TODAY = '2026-06-01T12:00:00.000Z';
const DAY = 86_400_000;
const clock = fixedClock(TODAY);
const daysAgo = (days: number) => new Date(Date.parse(TODAY) - days * DAY).toISOString();

type Json = any;
let t: TestApp;
let owner: TestMember;
let ana: TestMember;
let ben: TestMember;
let viewer: TestMember;
const acc: Record<string, Json> = {};
const people: Record<string, Json> = {};

async function touch(account: string, days: number, direction: 'agency' | 'client', contacts: string[] = []) {
  const res = await t.request('POST', '/api/touchpoints', {
    token: owner.token,
    body: {
      accountId: acc[account].id,
      channel: 'call',
      direction: `${direction}_initiated`,
      occurredAt: daysAgo(days),
      contactIds: contacts.map((c) => people[c].id),
      subject: `${account} ${days}`,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function account(key: string, name: string, options: Record<string, unknown>, contacts: Array<[string, string, 'active' | 'left']>) {
  acc[key] = await createAccount(t, owner.token, { name, status: 'active', ...options });
  for (const [contactKey, contactName, status] of contacts) {
    people[contactKey] = await createContact(t, owner.token, acc[key].id, { name: contactName, ...(status === 'left' ? { status: 'left', leftOn: '2026-04-01' } : {}) });
  }
}

const eur = (amount: number) => ({ value: { amount, currency: 'EUR' } });

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Attention Agency');
  [ana, ben, viewer] = await Promise.all([
    t.newMember(owner.workspaceId, 'member'),
    t.newMember(owner.workspaceId, 'member'),
    t.newMember(owner.workspaceId, 'viewer'),
  ]);
  const lead = (m: TestMember) => ({ userId: m.userId, role: 'lead' });

  // Quiet: last touch 20 days ago on a 14-day cadence; a meeting booked 5 days ahead does not count.
  await account('quiet', 'Quiet Ltd', { cadenceDays: 14, ...eur(5000), owners: [lead(ana)] }, [['quinn', 'Quinn', 'active'], ['quentin', 'Quentin', 'active']]);
  await touch('quiet', 20, 'agency', ['quinn']);
  await touch('quiet', 30, 'client', ['quentin']);
  await touch('quiet', -5, 'agency', ['quinn']);

  // Exactly at the cadence (day N): on time. One day past it (N+1): going quiet.
  await account('exact', 'Boundary Exact', { cadenceDays: 30, ...eur(1000), owners: [lead(ben)] }, [['e1', 'Ed', 'active'], ['e2', 'Eve', 'active']]);
  await touch('exact', 30, 'agency', ['e1', 'e2']);
  await account('plus', 'Boundary Plus', { cadenceDays: 30, ...eur(2000), owners: [lead(ben)] }, [['p1', 'Pat', 'active'], ['p2', 'Pia', 'active']]);
  await touch('plus', 31, 'agency', ['p1', 'p2']);

  // Never touched: counted from its start date; nobody engaged either. Two owners.
  await account('never', 'Never Touched', { cadenceDays: 7, startedOn: '2026-05-01', ...eur(3000), owners: [lead(ana), { userId: ben.userId, role: 'client_service' }] }, [
    ['n1', 'Nora', 'active'],
    ['n2', 'Ned', 'active'],
  ]);

  // No cadence: 80 days without a touch is not "going quiet". No owner.
  await account('nocadence', 'No Cadence', { ...eur(800) }, [['c1', 'Cal', 'active'], ['c2', 'Cy', 'active']]);
  await touch('nocadence', 80, 'client', ['c1', 'c2']);

  // The client started 3 of 4 touches in the 90 days before, 1 of 4 in the last 90.
  await account('stopped', 'Stopped Initiating', { cadenceDays: 30, ...eur(10_000), owners: [lead(ana)] }, [['s1', 'Sid', 'active'], ['s2', 'Sol', 'active']]);
  for (const [days, direction] of [[100, 'client'], [120, 'client'], [140, 'client'], [170, 'agency'], [5, 'agency'], [25, 'agency'], [45, 'client'], [65, 'agency']] as const) {
    await touch('stopped', days, direction, ['s1', 's2']);
  }

  // 50% → 33%: fell, but by less than half.
  await account('steady', 'Steady Share', { cadenceDays: 30, ...eur(4000), owners: [lead(ben)] }, [['g1', 'Gus', 'active'], ['g2', 'Gil', 'active']]);
  for (const [days, direction] of [[95, 'client'], [110, 'client'], [130, 'agency'], [150, 'agency'], [2, 'agency'], [20, 'client'], [40, 'agency']] as const) {
    await touch('steady', days, direction, ['g1', 'g2']);
  }

  // Three active contacts (and one who left); only Sara took part lately. Stan only before the window.
  await account('single', 'Single Thread', { cadenceDays: 30, ...eur(6000), owners: [lead(ana)] }, [
    ['sara', 'Sara', 'active'],
    ['stan', 'Stan', 'active'],
    ['sue', 'Sue', 'active'],
    ['lou', 'Lou', 'left'],
  ]);
  await touch('single', 3, 'agency', ['sara', 'lou']);
  await touch('single', 10, 'client', ['sara']);
  await touch('single', 100, 'agency', ['stan']);

  // The champion left: one active contact remains.
  await account('champion', 'Champion Left', { cadenceDays: 30, ...eur(7000), owners: [lead(ben)] }, [['cara', 'Cara', 'active'], ['leo', 'Leo', 'left']]);
  await touch('champion', 4, 'client', ['cara', 'leo']);
  await touch('champion', 8, 'agency', ['leo']);

  // Only a future meeting: still never touched.
  await account('future', 'Future Only', { cadenceDays: 14, startedOn: '2026-05-01', ...eur(500), owners: [lead(ana)] }, [['f1', 'Fay', 'active'], ['f2', 'Finn', 'active']]);
  await touch('future', -3, 'agency', ['f1', 'f2']);

  // Quiet for months, but archived or lost: not on the board.
  await account('archived', 'Archived Quiet', { cadenceDays: 7, ...eur(9000), owners: [lead(ana)] }, [['a1', 'Ann', 'active']]);
  await touch('archived', 100, 'agency', ['a1']);
  expect((await t.request('PATCH', `/api/accounts/${acc.archived.id}`, { token: owner.token, body: { archived: true } })).status).toBe(200);
  await account('lost', 'Lost Quiet', { cadenceDays: 7, ...eur(9000), owners: [lead(ana)] }, [['l1', 'Lars', 'active']]);
  const lost = await t.request('POST', `/api/accounts/${acc.lost.id}/lost`, { token: owner.token, body: { lostOn: '2026-05-01', reasons: ['price'] } });
  expect(lost.status).toBe(201);
  await touch('lost', 100, 'agency', ['l1']);
}, 120_000);
afterAll(async () => t.close());

async function board(query = '', token = owner.token) {
  const res = await t.request('GET', `/api/attention${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const names = (rows: Json[]) => rows.map((r) => r.account.name);
const rowOf = (rows: Json[], name: string) => rows.find((r) => r.account.name === name);

describe('GET /api/attention on 2026-06-01', () => {
  it('considers the open accounts only (not archived, not lost)', async () => {
    const body = await board();
    expect(body.asOf).toBe(TODAY);
    expect(body.accountsConsidered).toBe(10);
    // No Cadence is the one without a target: the board says it cannot tell whether it goes quiet.
    expect(body.accountsWithoutCadence).toBe(1);
    const everywhere = JSON.stringify(body);
    for (const key of ['archived', 'lost']) expect(everywhere).not.toContain(acc[key].id);
  });

  it('going quiet: exactly these, most overdue first, each with why', async () => {
    const { goingQuiet } = await board();
    expect(names(goingQuiet)).toEqual(['Never Touched', 'Future Only', 'Quiet Ltd', 'Boundary Plus']);
    const messages = Object.fromEntries(goingQuiet.map((r: Json) => [r.account.name, r.reasons.find((x: Json) => x.kind === 'going_quiet').message]));
    expect(messages).toEqual({
      'Never Touched': 'Never touched since 2026-05-01; the cadence is every 7 days (24 days overdue)',
      'Future Only': 'Never touched since 2026-05-01; the cadence is every 14 days (17 days overdue)',
      'Quiet Ltd': 'No touch for 20 days; the cadence is every 14 days (6 days overdue)',
      'Boundary Plus': 'No touch for 31 days; the cadence is every 30 days (1 day overdue)',
    });
  });

  it('a row carries the account, all its reasons and its cadence figures', async () => {
    const { goingQuiet } = await board();
    expect(rowOf(goingQuiet, 'Quiet Ltd')).toEqual({
      account: {
        id: acc.quiet.id,
        name: 'Quiet Ltd',
        status: 'active',
        value: { amount: 5000, currency: 'EUR' },
        cadenceDays: 14,
        owners: [{ userId: ana.userId, name: expect.any(String), role: 'lead' }],
      },
      reasons: [{ kind: 'going_quiet', message: 'No touch for 20 days; the cadence is every 14 days (6 days overdue)' }],
      cadence: {
        lastTouchAt: daysAgo(20),
        lastClientTouchAt: daysAgo(30),
        daysSinceLastTouch: 20,
        daysOverdue: 6,
        clientShare90: 0.5,
        clientSharePrev90: null,
        engagedContacts90: 2,
        activeContacts: 2,
        touchesPerMonth: 0.7,
      },
    });
    const never = rowOf(goingQuiet, 'Never Touched');
    // Nobody engaged is no contact at all: going quiet says so, single-threaded does not.
    expect(never.reasons.map((r: Json) => r.kind)).toEqual(['going_quiet']);
    expect(never.account.owners).toHaveLength(2);
    expect(never.cadence).toMatchObject({ lastTouchAt: null, lastClientTouchAt: null, daysSinceLastTouch: null, daysOverdue: 24, clientShare90: null, clientSharePrev90: null, touchesPerMonth: 0 });
  });

  it('touches after today (a meeting booked ahead) do not count', async () => {
    const { goingQuiet } = await board();
    // Quiet Ltd's booked meeting would have made it "touched in 5 days", Future Only's "touched".
    expect(rowOf(goingQuiet, 'Quiet Ltd').cadence.lastTouchAt).toBe(daysAgo(20));
    expect(rowOf(goingQuiet, 'Future Only').cadence).toMatchObject({ lastTouchAt: null, engagedContacts90: 0 });
  });

  it('day N of the cadence is on time; no cadence is never quiet', async () => {
    const { goingQuiet, stoppedInitiating, singleThreaded } = await board();
    for (const name of ['Boundary Exact', 'No Cadence', 'Steady Share']) {
      expect(names([...goingQuiet, ...stoppedInitiating, ...singleThreaded])).not.toContain(name);
    }
  });

  it('client stopped initiating: exactly the account whose share fell by half or more', async () => {
    const { stoppedInitiating } = await board();
    expect(names(stoppedInitiating)).toEqual(['Stopped Initiating']);
    expect(stoppedInitiating[0].reasons).toEqual([
      { kind: 'client_stopped_initiating', message: 'The client started 75% of touches in the 90 days before, 25% in the last 90 (1 of 4)' },
    ]);
    expect(stoppedInitiating[0].cadence).toMatchObject({ clientShare90: 0.25, clientSharePrev90: 0.75, daysOverdue: 0, touchesPerMonth: 1.3 });
  });

  it('single-threaded: one engaged of several, a champion who left; nobody engaged is not; by value', async () => {
    const { singleThreaded } = await board();
    expect(names(singleThreaded)).toEqual(['Champion Left', 'Single Thread']);
    const messages = Object.fromEntries(singleThreaded.map((r: Json) => [r.account.name, r.reasons.find((x: Json) => x.kind === 'single_threaded').message]));
    expect(messages).toEqual({
      'Champion Left': 'Only one contact is known at this account',
      'Single Thread': 'Only 1 of 3 contacts took part in a touch in the last 90 days',
    });
    // A contact who left is neither known nor engaged, whatever touches they were in.
    expect(rowOf(singleThreaded, 'Single Thread').cadence).toMatchObject({ engagedContacts90: 1, activeContacts: 3 });
    expect(rowOf(singleThreaded, 'Champion Left').cadence).toMatchObject({ engagedContacts90: 1, activeContacts: 1 });
  });

  it('attention share: one currency at a time, the one most accounts are valued in by default (no exchange rates)', async () => {
    const ws = await t.newWorkspace('Three Currencies');
    const make = (name: string, value: { amount: number; currency: string } | null) => createAccount(t, ws.token, { name, status: 'active', value });
    await make('Euro One', { amount: 1000, currency: 'EUR' });
    await make('Euro Two', { amount: 3000, currency: 'EUR' });
    await make('Pound One', { amount: 50_000, currency: 'GBP' });
    await make('Unpriced', null);
    const shareOf = async (query = '') => {
      const res = await t.request('GET', `/api/attention${query}`, { token: ws.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.attentionShare;
    };
    const names = (share: Json) => [...new Set(share.owners.flatMap((o: Json) => o.accounts.map((a: Json) => a.name)))].sort();
    const byDefault = await shareOf();
    expect(byDefault).toMatchObject({ currency: 'EUR', currencies: [{ currency: 'EUR', accounts: 2 }, { currency: 'GBP', accounts: 1 }], totalValue: 4000 });
    expect(names(byDefault)).toEqual(['Euro One', 'Euro Two', 'Unpriced']);
    const pounds = await shareOf('?currency=GBP');
    expect(pounds).toMatchObject({ currency: 'GBP', totalValue: 50_000 });
    expect(names(pounds)).toEqual(['Pound One', 'Unpriced']);
    expect((await shareOf('?currency=CHF')).currency).toBe('EUR');
    expectFieldError(await t.request('GET', '/api/attention?currency=gbp', { token: ws.token }), 'query.currency');
  });

  it("attention share: each owner's touches in 90 days and value, against the whole portfolio", async () => {
    const { attentionShare } = await board();
    expect(attentionShare.totalTouches90).toBe(16);
    expect(attentionShare.totalValue).toBe(39_300);
    const byOwner = Object.fromEntries(attentionShare.owners.map((o: Json) => [o.userId ?? 'none', o]));
    expect(Object.keys(byOwner).sort()).toEqual([ana.userId, ben.userId, 'none'].sort());
    expect(attentionShare.owners.at(-1)).toMatchObject({ userId: null, name: 'No owner' });
    expect(byOwner[ana.userId]).toMatchObject({ touches90: 8, value: 24_500, touchShare: 8 / 16, valueShare: 24_500 / 39_300 });
    expect(byOwner[ben.userId]).toMatchObject({ touches90: 7, value: 17_000, touchShare: 7 / 16, valueShare: 17_000 / 39_300 });
    expect(byOwner.none).toMatchObject({ touches90: 1, value: 800 });
    const accountsOf = (o: Json) => o.accounts.map((a: Json) => a.name).sort();
    expect(accountsOf(byOwner[ana.userId])).toEqual(['Future Only', 'Never Touched', 'Quiet Ltd', 'Single Thread', 'Stopped Initiating']);
    expect(accountsOf(byOwner[ben.userId])).toEqual(['Boundary Exact', 'Boundary Plus', 'Champion Left', 'Never Touched', 'Steady Share']);
    expect(accountsOf(byOwner.none)).toEqual(['No Cadence']);
    // Most under-served first: Never Touched pays 3,000 and got no touch.
    const stopped = byOwner[ana.userId].accounts.find((a: Json) => a.name === 'Stopped Initiating');
    expect(stopped).toEqual({ accountId: acc.stopped.id, name: 'Stopped Initiating', touches90: 4, value: 10_000, touchShare: 4 / 16, valueShare: 10_000 / 39_300, gap: 4 / 16 - 10_000 / 39_300 });
    const gaps = byOwner[ana.userId].accounts.map((a: Json) => a.gap);
    expect(gaps).toEqual([...gaps].sort((x, y) => x - y));
  });

  it("?ownerId: only that member's accounts, and the shares within them", async () => {
    const body = await board(`?ownerId=${ana.userId}`);
    expect(body.accountsConsidered).toBe(5);
    expect(body.accountsWithoutCadence).toBe(0);
    expect(names(body.goingQuiet)).toEqual(['Never Touched', 'Future Only', 'Quiet Ltd']);
    expect(names(body.stoppedInitiating)).toEqual(['Stopped Initiating']);
    expect(names(body.singleThreaded)).toEqual(['Single Thread']);
    expect(body.attentionShare).toMatchObject({ totalTouches90: 8, totalValue: 24_500 });
    const byOwner = Object.fromEntries(body.attentionShare.owners.map((o: Json) => [o.userId, o]));
    expect(byOwner[ana.userId]).toMatchObject({ touches90: 8, touchShare: 1, valueShare: 1 });
    // Never Touched is shared with Ben: it shows under him too, and only it.
    expect(byOwner[ben.userId].accounts.map((a: Json) => a.name)).toEqual(['Never Touched']);
    expect(byOwner[ben.userId]).toMatchObject({ touches90: 0, value: 3000, valueShare: 3000 / 24_500 });
  });

  it('?ownerId of a member with no accounts, or of nobody: an empty board', async () => {
    for (const id of [viewer.userId, UNKNOWN_ID]) {
      const body = await board(`?ownerId=${id}`);
      expect(body).toEqual({
        asOf: TODAY,
        // The statistics of the workspace's open accounts are today's, whatever the filter.
        freshness: { asOf: TODAY.slice(0, 10), computedAt: TODAY, updating: false },
        accountsConsidered: 0,
        accountsWithoutCadence: 0,
        goingQuiet: [],
        stoppedInitiating: [],
        singleThreaded: [],
        attentionShare: { currency: null, currencies: [], totalTouches90: 0, totalValue: 0, owners: [] },
      });
    }
  });

  it('a viewer sees the same board', async () => {
    expect(await board('', viewer.token)).toEqual(await board());
  });

  it.each([
    ['ownerId=abc', 'query.ownerId'],
    ['ownerId=', 'query.ownerId'],
    ['status=lost', 'query.status'],
  ])('?%s → 400 naming the parameter', async (query, field) => {
    expectFieldError(await t.request('GET', `/api/attention?${query}`, { token: owner.token }), field);
  });

  it("follows the clock: a day later, the account at day N is one day overdue, before and after the day's recompute", async () => {
    clock.set(new Date(Date.parse(TODAY) + DAY));
    try {
      // Before the day's recompute ran: yesterday's statistics, said so, with the days counted to now.
      for (const [asOf, updating] of [[TODAY.slice(0, 10), true], ['2026-06-02', false]] as const) {
        const body = await board();
        expect(body.asOf).toBe(new Date(Date.parse(TODAY) + DAY).toISOString());
        expect(body.freshness).toMatchObject({ asOf, updating });
        expect(rowOf(body.goingQuiet, 'Boundary Exact').reasons).toEqual([{ kind: 'going_quiet', message: 'No touch for 31 days; the cadence is every 30 days (1 day overdue)' }]);
        expect(rowOf(body.goingQuiet, 'Boundary Plus').cadence.daysOverdue).toBe(2);
        await t.rapport.jobs.drain();
      }
    } finally {
      clock.set(TODAY);
    }
  });
});

describe('GET /api/accounts/{id}/cadence', () => {
  async function cadence(key: string) {
    const res = await t.request('GET', `/api/accounts/${acc[key].id}/cadence`, { token: owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  it("gives each contact's last touch and last time they initiated, those who left included", async () => {
    const body = await cadence('single');
    expect(body).toEqual({
      accountId: acc.single.id,
      asOf: TODAY,
      cadenceDays: 30,
      cadence: {
        lastTouchAt: daysAgo(3),
        lastClientTouchAt: daysAgo(10),
        daysSinceLastTouch: 3,
        daysOverdue: 0,
        clientShare90: 0.5,
        clientSharePrev90: 0,
        engagedContacts90: 1,
        activeContacts: 3,
        touchesPerMonth: 0.7,
      },
      reasons: [{ kind: 'single_threaded', message: 'Only 1 of 3 contacts took part in a touch in the last 90 days' }],
      contacts: [
        { id: people.lou.id, name: 'Lou', role: 'user', status: 'left', lastTouchAt: daysAgo(3), lastInitiatedAt: null, touches90: 1 },
        { id: people.sara.id, name: 'Sara', role: 'user', status: 'active', lastTouchAt: daysAgo(3), lastInitiatedAt: daysAgo(10), touches90: 2 },
        { id: people.stan.id, name: 'Stan', role: 'user', status: 'active', lastTouchAt: daysAgo(100), lastInitiatedAt: null, touches90: 0 },
        { id: people.sue.id, name: 'Sue', role: 'user', status: 'active', lastTouchAt: null, lastInitiatedAt: null, touches90: 0 },
      ],
    });
  });

  it("a booked meeting is not a contact's last touch", async () => {
    const body = await cadence('quiet');
    expect(body.contacts.map((c: Json) => [c.name, c.lastTouchAt, c.lastInitiatedAt, c.touches90])).toEqual([
      ['Quentin', daysAgo(30), daysAgo(30), 1],
      ['Quinn', daysAgo(20), null, 1],
    ]);
    const future = await cadence('future');
    expect(future.contacts.map((c: Json) => c.lastTouchAt)).toEqual([null, null]);
  });

  it('a never-touched account: no last touch, overdue since its start', async () => {
    const body = await cadence('never');
    expect(body.cadence).toEqual({
      lastTouchAt: null,
      lastClientTouchAt: null,
      daysSinceLastTouch: null,
      daysOverdue: 24,
      clientShare90: null,
      clientSharePrev90: null,
      engagedContacts90: 0,
      activeContacts: 2,
      touchesPerMonth: 0,
    });
    expect(body.reasons.map((r: Json) => r.kind)).toEqual(['going_quiet']);
  });

  it('an account without a cadence target: daysOverdue null', async () => {
    const body = await cadence('nocadence');
    expect(body.cadenceDays).toBeNull();
    expect(body.cadence).toMatchObject({ daysSinceLastTouch: 80, daysOverdue: null, clientShare90: 1 });
    expect(body.reasons).toEqual([]);
  });

  it('archived and lost accounts still have their cadence (off the board, not forgotten)', async () => {
    for (const key of ['archived', 'lost']) {
      const body = await cadence(key);
      expect(body.cadence).toMatchObject({ daysSinceLastTouch: 100, daysOverdue: 93 });
      expect(body.reasons[0]).toEqual({ kind: 'going_quiet', message: 'No touch for 100 days; the cadence is every 7 days (93 days overdue)' });
    }
  });

  it('an account without contacts has an empty list', async () => {
    const bare = await createAccount(t, owner.token, { name: 'Bare', status: 'prospect' });
    const res = await t.request('GET', `/api/accounts/${bare.id}/cadence`, { token: owner.token });
    expect(res.body.contacts).toEqual([]);
    expect(res.body.reasons).toEqual([{ kind: 'single_threaded', message: 'No active contact is known at this account' }]);
    expect((await t.request('DELETE', `/api/accounts/${bare.id}`, { token: owner.token })).status).toBe(204);
  });

  it('an unknown account → 404', async () => {
    expectError(await t.request('GET', `/api/accounts/${UNKNOWN_ID}/cadence`, { token: owner.token }), 404, 'not_found');
  });
});

describe('tenancy', () => {
  let rival: TestMember;
  let rivalAccount: Json;
  beforeAll(async () => {
    rival = await t.newWorkspace('Rival Agency');
    rivalAccount = await createAccount(t, rival.token, { name: 'Rival Quiet', cadenceDays: 7, startedOn: '2026-01-01', status: 'active' });
  });

  it("each board shows its own workspace's accounts only", async () => {
    const theirs = await board('', rival.token);
    expect(theirs.accountsConsidered).toBe(1);
    expect(names(theirs.goingQuiet)).toEqual(['Rival Quiet']);
    const ours = await board();
    expect(JSON.stringify(ours)).not.toContain(rivalAccount.id);
    expect(ours.accountsConsidered).toBe(10);
    const everything = JSON.stringify(theirs);
    for (const key of Object.keys(acc)) expect(everything).not.toContain(acc[key].id);
    expect(everything).not.toContain(ana.userId);
  });

  it("filtering by another workspace's member shows nothing of theirs", async () => {
    const body = await board(`?ownerId=${ana.userId}`, rival.token);
    expect(body.accountsConsidered).toBe(0);
  });

  it("another workspace's account cadence → 404", async () => {
    expectError(await t.request('GET', `/api/accounts/${acc.quiet.id}/cadence`, { token: rival.token }), 404, 'not_found');
  });
});

describe('the board moves as touches are logged', () => {
  it('a call today takes Quiet Ltd off "going quiet"; deleting it puts it back', async () => {
    const call = await touch('quiet', 0, 'client', ['quinn']);
    const after = await board();
    expect(names(after.goingQuiet)).not.toContain('Quiet Ltd');
    expect(after.attentionShare.totalTouches90).toBe(17);
    expect((await t.request('DELETE', `/api/touchpoints/${call.id}`, { token: owner.token })).status).toBe(204);
    expect(names((await board()).goingQuiet)).toContain('Quiet Ltd');
  });

  it('moving a touchpoint to another account moves its weight on the board', async () => {
    const call = await touch('plus', 1, 'agency', ['p1']);
    expect(names((await board()).goingQuiet)).not.toContain('Boundary Plus');
    const moved = await t.request('PATCH', `/api/touchpoints/${call.id}`, { token: owner.token, body: { accountId: acc.exact.id } });
    expect(moved.status).toBe(200);
    const body = await board();
    expect(names(body.goingQuiet)).toContain('Boundary Plus');
    const exact = body.attentionShare.owners.find((o: Json) => o.userId === ben.userId).accounts.find((a: Json) => a.name === 'Boundary Exact');
    expect(exact.touches90).toBe(2);
    expect((await t.request('DELETE', `/api/touchpoints/${call.id}`, { token: owner.token })).status).toBe(204);
  });
});
