import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount, createContact, seededRandom } from '../../test/support/factories.js';
import { touchpointsRepo, type AccountStatsRow, type NewTouchpoint } from './repo.js';
import { attentionReasons } from './cadence.js';
import { toTouchStats } from './get-attention-board.js';
import { getAttentionBoard } from './get-attention-board.js';

/**
 * The SQL behind the board, checked against a plain-JavaScript reading of the same facts: a seeded
 * random portfolio (open, archived and lost accounts; active contacts and leavers; touches over
 * 14 months, some ahead of "today" and some exactly on the window edges), at several "todays".
 * Any rewrite of accountStats must keep these answers.
 */
const TODAY = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;

let t: TestApp;
let owner: TestMember;
interface Fact {
  id: string;
  accountId: string;
  direction: 'agency_initiated' | 'client_initiated';
  occurredAt: Date;
  contactIds: string[];
}
interface AccountFact {
  id: string;
  name: string;
  status: string;
  archived: boolean;
  cadenceDays: number | null;
  startedOn: string | null;
  createdAt: Date;
  value: number | null;
  contacts: Array<{ id: string; active: boolean }>;
}
const accounts: AccountFact[] = [];
const facts: Fact[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(TODAY) });
  owner = await t.newWorkspace('Repo Agency');
  const random = seededRandom(20260601);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const statuses = ['active', 'active', 'at_risk', 'prospect', 'lost'];
  for (let i = 0; i < 14; i++) {
    const status = statuses[i % statuses.length]!;
    const startedOn = i % 3 === 0 ? null : `2025-${String(1 + (i % 12)).padStart(2, '0')}-1${i % 10}`;
    const cadenceDays = i % 4 === 0 ? null : [7, 14, 30][i % 3]!;
    const value = i % 5 === 0 ? null : 1000 * (i + 1);
    const body = await createAccount(t, owner.token, {
      name: `Account ${String(i).padStart(2, '0')}`,
      status,
      startedOn,
      cadenceDays,
      ...(value === null ? {} : { value: { amount: value, currency: 'EUR' } }),
    });
    const contacts: AccountFact['contacts'] = [];
    for (let c = 0; c < i % 5; c++) {
      const left = c === 2 || (i === 7 && c === 0);
      const contact = await createContact(t, owner.token, body.id, { name: `Person ${i}-${c}`, ...(left ? { status: 'left', leftOn: '2026-01-01' } : {}) });
      contacts.push({ id: contact.id, active: !left });
    }
    const archived = i === 9 || i === 12;
    if (archived) expect((await t.request('PATCH', `/api/accounts/${body.id}`, { token: owner.token, body: { archived: true } })).status).toBe(200);
    accounts.push({ id: body.id, name: body.name, status, archived, cadenceDays, startedOn, createdAt: new Date(body.createdAt), value, contacts });
  }

  const add = (account: AccountFact, occurredAt: Date, direction: Fact['direction'], contactIds: string[]) =>
    facts.push({ id: randomUUID(), accountId: account.id, direction, occurredAt, contactIds });
  // Account 13 never gets a touch; account 6 only touches ahead of today.
  for (const account of accounts.slice(0, 13)) {
    if (account.name === 'Account 06') {
      add(account, new Date(TODAY.getTime() + 3 * DAY), 'client_initiated', account.contacts.map((c) => c.id));
      continue;
    }
    const n = int(0, 40);
    for (let k = 0; k < n; k++) {
      const occurredAt = new Date(TODAY.getTime() - int(-20, 420) * DAY + int(-43_200, 43_200) * 1000);
      const people = account.contacts.filter(() => random() < 0.5).map((c) => c.id);
      add(account, occurredAt, random() < 0.4 ? 'client_initiated' : 'agency_initiated', people);
    }
  }
  // The window edges of TODAY, on one account: each instant on its side of the boundary.
  const edge = accounts[1]!;
  const everyone = edge.contacts.map((c) => c.id);
  for (const [offset, direction] of [
    [0, 'client_initiated'],
    [-1, 'client_initiated'], // 1 ms ahead of today: does not count
    [90 * DAY, 'client_initiated'], // exactly 90 days ago: in the last 90
    [90 * DAY + 1, 'agency_initiated'], // 1 ms earlier: the 90 before
    [180 * DAY, 'client_initiated'], // exactly 180 days ago: still the 90 before
    [180 * DAY + 1, 'client_initiated'], // 1 ms earlier: in neither window
  ] as const) {
    add(edge, new Date(TODAY.getTime() - offset), direction, everyone);
  }

  const items: NewTouchpoint[] = facts.map((f) => ({
    id: f.id,
    accountId: f.accountId,
    channel: 'email',
    direction: f.direction,
    occurredAt: f.occurredAt,
    durationMinutes: null,
    subject: '',
    summary: '',
    source: 'api',
    externalId: null,
    createdBy: null,
    contactIds: f.contactIds,
    memberIds: [],
  }));
  await touchpointsRepo(t.rapport.deps.db).insertTouchpoints(owner.workspaceId, items, TODAY);
}, 120_000);
afterAll(async () => t.close());

/** What accountStats should answer, computed from the facts in plain JavaScript. */
function expectedStats(account: AccountFact, today: Date) {
  const d90 = today.getTime() - 90 * DAY;
  const d180 = today.getTime() - 180 * DAY;
  const past = facts.filter((f) => f.accountId === account.id && f.occurredAt.getTime() <= today.getTime());
  const inWindow = (f: Fact, from: number, to: number) => f.occurredAt.getTime() >= from && f.occurredAt.getTime() < to;
  const recent = past.filter((f) => f.occurredAt.getTime() >= d90);
  const before = past.filter((f) => inWindow(f, d180, d90));
  const client = (list: Fact[]) => list.filter((f) => f.direction === 'client_initiated');
  const max = (list: Fact[]) => (list.length ? new Date(Math.max(...list.map((f) => f.occurredAt.getTime()))).toISOString() : null);
  const active = new Set(account.contacts.filter((c) => c.active).map((c) => c.id));
  return {
    id: account.id,
    name: account.name,
    status: account.status,
    value_amount: account.value,
    cadence_days: account.cadenceDays,
    since: (account.startedOn ? new Date(`${account.startedOn}T00:00:00Z`) : account.createdAt).toISOString(),
    last_touch_at: max(past),
    last_client_touch_at: max(client(past)),
    touches90: recent.length,
    client90: client(recent).length,
    prev90: before.length,
    client_prev90: client(before).length,
    engaged90: new Set(recent.flatMap((f) => f.contactIds).filter((id) => active.has(id))).size,
    active_contacts: active.size,
  };
}

function normalise(row: AccountStatsRow) {
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    value_amount: row.value_amount === null ? null : Number(row.value_amount),
    cadence_days: row.cadence_days,
    since: iso(row.since),
    last_touch_at: iso(row.last_touch_at),
    last_client_touch_at: iso(row.last_client_touch_at),
    touches90: Number(row.touches90),
    client90: Number(row.client90),
    prev90: Number(row.prev90),
    client_prev90: Number(row.client_prev90),
    engaged90: Number(row.engaged90),
    active_contacts: Number(row.active_contacts),
  };
}

const todays: Array<[string, Date]> = [
  ['the fixed today', TODAY],
  ['37 days and 5 hours earlier', new Date(TODAY.getTime() - 37 * DAY - 5 * 3_600_000)],
  ['200 days earlier', new Date(TODAY.getTime() - 200 * DAY)],
  ['a year later (everything in the past)', new Date(TODAY.getTime() + 365 * DAY)],
];

describe('accountStats', () => {
  it.each(todays)('every open account, as of %s, matches the facts', async (_label, today) => {
    const rows = await touchpointsRepo(t.rapport.deps.db).accountStats(owner.workspaceId, today);
    const open = accounts.filter((a) => !a.archived && a.status !== 'lost');
    expect(open.length).toBeGreaterThan(5);
    expect(rows.map(normalise)).toEqual(open.map((a) => expectedStats(a, today)).sort((x, y) => x.name.localeCompare(y.name)));
  });

  it.each(todays)('one account by id, archived and lost ones too, as of %s', async (_label, today) => {
    const repo = touchpointsRepo(t.rapport.deps.db);
    for (const account of accounts) {
      const rows = await repo.accountStats(owner.workspaceId, today, account.id);
      expect(rows.map(normalise)).toEqual([expectedStats(account, today)]);
    }
  });

  it('the window edges fall on the right side: today counts, a millisecond later not; day 90 is recent, day 180 the window before', async () => {
    const rows = await touchpointsRepo(t.rapport.deps.db).accountStats(owner.workspaceId, TODAY, accounts[1]!.id);
    const random = facts.filter((f) => f.accountId === accounts[1]!.id).slice(0, -6);
    const count = (from: number, to: number, client = false) =>
      random.filter((f) => f.occurredAt.getTime() >= from && f.occurredAt.getTime() < to && (!client || f.direction === 'client_initiated')).length;
    const [d180, d90, now] = [TODAY.getTime() - 180 * DAY, TODAY.getTime() - 90 * DAY, TODAY.getTime() + 1];
    expect(normalise(rows[0]!)).toMatchObject({
      last_touch_at: TODAY.toISOString(),
      touches90: count(d90, now) + 2,
      client90: count(d90, now, true) + 2,
      prev90: count(d180, d90) + 2,
      client_prev90: count(d180, d90, true) + 1,
    });
  });

  it('an account with only a touch ahead of today was never touched', async () => {
    const future = accounts.find((a) => a.name === 'Account 06')!;
    const [row] = await touchpointsRepo(t.rapport.deps.db).accountStats(owner.workspaceId, TODAY, future.id);
    expect(normalise(row!)).toMatchObject({ last_touch_at: null, last_client_touch_at: null, touches90: 0, engaged90: 0 });
  });

  it.each(['Europe/Berlin', 'America/Los_Angeles', 'Pacific/Kiritimati'])(
    "a start date is midnight UTC whatever the server's time zone (%s)",
    async (zone) => {
      const started = accounts.find((a) => a.startedOn !== null && !a.archived)!;
      const row = await t.rapport.deps.db.transaction().execute(async (trx) => {
        await sql`select set_config('TimeZone', ${zone}, true)`.execute(trx);
        const [r] = await touchpointsRepo(trx).accountStats(owner.workspaceId, TODAY, started.id);
        return r!;
      });
      expect(new Date(row.since).toISOString()).toBe(`${started.startedOn}T00:00:00.000Z`);
      // So "never touched since" names the start date itself, not the day before.
      const stats = { ...toTouchStats(row), lastTouchAt: null, cadenceDays: 1 };
      expect(attentionReasons(stats, TODAY)[0]?.message).toContain(`Never touched since ${started.startedOn}`);
    },
  );

  it("another workspace's accounts and touches never show", async () => {
    const other = await t.newWorkspace('Other Repo Agency');
    const rows = await touchpointsRepo(t.rapport.deps.db).accountStats(other.workspaceId, TODAY);
    expect(rows).toEqual([]);
    expect(await touchpointsRepo(t.rapport.deps.db).accountStats(other.workspaceId, TODAY, accounts[1]!.id)).toEqual([]);
  });

  it('the board use-case reads the same statistics: one row per open account', async () => {
    const board = await getAttentionBoard(t.rapport.deps, { workspaceId: owner.workspaceId }, {});
    expect(board.accountsConsidered).toBe(accounts.filter((a) => !a.archived && a.status !== 'lost').length);
    const expectedTouches = accounts.filter((a) => !a.archived && a.status !== 'lost').reduce((s, a) => s + expectedStats(a, TODAY).touches90, 0);
    expect(board.attentionShare.totalTouches90).toBe(expectedTouches);
  });
});

describe('contactStats', () => {
  it("each contact's last touch, last client-initiated touch and touches in 90 days, from the facts", async () => {
    const repo = touchpointsRepo(t.rapport.deps.db);
    for (const account of accounts.filter((a) => a.contacts.length > 0)) {
      const rows = await repo.contactStats(owner.workspaceId, account.id, TODAY);
      expect(rows.map((r) => r.id).sort()).toEqual(account.contacts.map((c) => c.id).sort());
      for (const row of rows) {
        const mine = facts.filter((f) => f.contactIds.includes(row.id) && f.occurredAt.getTime() <= TODAY.getTime());
        const latest = (list: Fact[]) => (list.length ? new Date(Math.max(...list.map((f) => f.occurredAt.getTime()))).toISOString() : null);
        expect({
          last: row.last_touch_at ? new Date(row.last_touch_at).toISOString() : null,
          initiated: row.last_initiated_at ? new Date(row.last_initiated_at).toISOString() : null,
          touches90: Number(row.touches90),
        }).toEqual({
          last: latest(mine),
          initiated: latest(mine.filter((f) => f.direction === 'client_initiated')),
          touches90: mine.filter((f) => f.occurredAt.getTime() >= TODAY.getTime() - 90 * DAY).length,
        });
      }
    }
  });
});

describe('insertTouchpoints', () => {
  it('stores thousands in batches, skips external ids already stored (in this call or before), and links people of inserted ones only', async () => {
    const account = accounts[2]!;
    const contact = account.contacts[0]!.id;
    const make = (externalId: string | null): NewTouchpoint => ({
      id: randomUUID(),
      accountId: account.id,
      channel: 'other',
      direction: 'agency_initiated',
      occurredAt: new Date('2020-01-01T00:00:00Z'),
      durationMinutes: 5,
      subject: 'bulk',
      summary: '',
      source: 'csv',
      externalId,
      createdBy: owner.userId,
      contactIds: [contact, contact],
      memberIds: [owner.userId],
    });
    const repo = touchpointsRepo(t.rapport.deps.db);
    const first = Array.from({ length: 2_500 }, (_, i) => make(i % 2 === 0 ? `bulk-${i}` : null));
    const inserted = await repo.insertTouchpoints(owner.workspaceId, first, TODAY);
    expect(inserted.size).toBe(2_500);
    // Again: the external ids are known (skipped), the rows without one are new; plus a duplicate across batches.
    const second = [...first.map((f) => make(f.externalId)), make('bulk-new'), ...Array.from({ length: 999 }, () => make(null)), make('bulk-new')];
    const again = await repo.insertTouchpoints(owner.workspaceId, second, TODAY);
    expect(again.size).toBe(1_250 + 1 + 999);
    expect(again.has(second.at(-1)!.id)).toBe(false);
    const db = t.rapport.deps.db;
    const { rows } = await sql<{ touches: number; links: number; members: number }>`
      select (select count(*)::int from touchpoints where workspace_id = ${owner.workspaceId} and subject = 'bulk') as touches,
             (select count(*)::int from touchpoint_contacts tc join touchpoints t on t.workspace_id = tc.workspace_id and t.id = tc.touchpoint_id
               where t.workspace_id = ${owner.workspaceId} and t.subject = 'bulk') as links,
             (select count(*)::int from touchpoint_members tm join touchpoints t on t.workspace_id = tm.workspace_id and t.id = tm.touchpoint_id
               where t.workspace_id = ${owner.workspaceId} and t.subject = 'bulk') as members`.execute(db);
    expect(rows[0]).toEqual({ touches: 2_500 + 2_250, links: 2_500 + 2_250, members: 2_500 + 2_250 });
    expect(await repo.findIdByExternalId(owner.workspaceId, 'bulk-0')).toBe(first[0]!.id);
    await sql`delete from touchpoints where workspace_id = ${owner.workspaceId} and subject = 'bulk'`.execute(db);
  });
});
