import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount, createContact, seededRandom } from '../../test/support/factories.js';
import { touchpointsRepo, type NewTouchpoint } from './repo.js';
import { loadSignals } from '../health/signals-sql.js';
import { DEFAULT_MODEL } from '../health/model.js';
import { attentionReasons } from './cadence.js';
import { getAttentionBoard, signalsTouchStats, toTouchStats } from './get-attention-board.js';

/**
 * The SQL behind the board and the score (health/signals-sql.ts), its touch statistics checked
 * against a plain-JavaScript reading of the same facts: a seeded random portfolio (open, archived
 * and lost accounts; active contacts and leavers; touches over 14 months, some ahead of "today"
 * and some exactly on the window edges), at several "todays". Any rewrite must keep these answers.
 */
const TODAY = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const LEFT_ON = '2026-01-01';

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
      // Lost only by marking it lost, below.
      status: status === 'lost' ? 'active' : status,
      startedOn,
      cadenceDays,
      ...(value === null ? {} : { value: { amount: value, currency: 'EUR' } }),
    });
    const contacts: AccountFact['contacts'] = [];
    for (let c = 0; c < i % 5; c++) {
      const left = c === 2 || (i === 7 && c === 0);
      const contact = await createContact(t, owner.token, body.id, { name: `Person ${i}-${c}`, ...(left ? { status: 'left', leftOn: LEFT_ON } : {}) });
      contacts.push({ id: contact.id, active: !left });
    }
    if (status === 'lost') {
      const lost = await t.request('POST', `/api/accounts/${body.id}/lost`, { token: owner.token, body: { lostOn: TODAY.toISOString().slice(0, 10), reasons: ['price'] } });
      expect(lost.status, JSON.stringify(lost.body)).toBe(201);
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
  // The window edges of TODAY's day, on one account: each instant on its side of the boundary.
  const edge = accounts[1]!;
  const everyone = edge.contacts.map((c) => c.id);
  const today = midnight(dayOf(TODAY));
  for (const [at, direction] of [
    [today + DAY - 1, 'client_initiated'], // the last millisecond of today: counts
    [today + DAY, 'client_initiated'], // tomorrow: does not count
    [today - 89 * DAY, 'client_initiated'], // the first instant of the 90th day back: in the last 90
    [today - 89 * DAY - 1, 'agency_initiated'], // 1 ms earlier: the 90 before
    [today - 179 * DAY, 'client_initiated'], // the first instant of the 180th day back: still the 90 before
    [today - 179 * DAY - 1, 'client_initiated'], // 1 ms earlier: in neither window
    [today, 'client_initiated'], // midnight today: counts
  ] as const) {
    add(edge, new Date(at), direction, everyone);
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

/** The day of an instant, and midnight UTC at the start of a day plus `days`. */
const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);
const midnight = (day: string, days = 0) => Date.parse(`${day}T00:00:00Z`) + days * DAY;

/**
 * What the signals' touch statistics should be as of the day of `today`, computed from the facts
 * in plain JavaScript: windows are whole UTC days ending with that day (facts.ts).
 */
function expectedStats(account: AccountFact, today: Date) {
  const asOf = dayOf(today);
  const end = midnight(asOf, 1);
  const d90 = midnight(asOf, -89);
  const d180 = midnight(asOf, -179);
  const past = facts.filter((f) => f.accountId === account.id && f.occurredAt.getTime() < end);
  const inWindow = (f: Fact, from: number, to: number) => f.occurredAt.getTime() >= from && f.occurredAt.getTime() < to;
  const recent = past.filter((f) => f.occurredAt.getTime() >= d90);
  const before = past.filter((f) => inWindow(f, d180, d90));
  const client = (list: Fact[]) => list.filter((f) => f.direction === 'client_initiated');
  const max = (list: Fact[]) => (list.length ? new Date(Math.max(...list.map((f) => f.occurredAt.getTime()))).toISOString() : null);
  // A contact counts from the day it was added (all were added on TODAY's day) until it left (2026-01-01).
  const known = dayOf(TODAY) <= asOf;
  const active = new Set(account.contacts.filter((c) => known && (c.active || LEFT_ON > asOf)).map((c) => c.id));
  return {
    id: account.id,
    cadence_days: account.cadenceDays,
    since: account.startedOn ?? dayOf(account.createdAt),
    last_touch_at: max(past),
    last_client_touch_at: max(client(past)),
    touches: recent.length,
    client_touches: client(recent).length,
    touches_prev: before.length,
    client_touches_prev: client(before).length,
    engaged_contacts: new Set(recent.flatMap((f) => f.contactIds).filter((id) => active.has(id))).size,
    active_contacts: active.size,
  };
}

/** The signals' touch statistics of the open accounts, or of the given ones, as of the day of `today`. */
async function stats(workspaceId: string, today: Date, ids?: string[], db = t.rapport.deps.db) {
  const signals = await loadSignals(db, workspaceId, dayOf(today), DEFAULT_MODEL, ids ? { ids } : { all: true });
  return signals.map((s) => {
    const row = signalsTouchStats(s);
    const iso = (v: Date | null) => (v === null ? null : v.toISOString());
    return { ...row, id: s.accountId, last_touch_at: iso(row.last_touch_at), last_client_touch_at: iso(row.last_client_touch_at) };
  });
}

const todays: Array<[string, Date]> = [
  ['the fixed today', TODAY],
  ['37 days and 5 hours earlier', new Date(TODAY.getTime() - 37 * DAY - 5 * 3_600_000)],
  ['200 days earlier', new Date(TODAY.getTime() - 200 * DAY)],
  ['a year later (everything in the past)', new Date(TODAY.getTime() + 365 * DAY)],
];
const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe('touch statistics of the signals (the board and the score)', () => {
  it.each(todays)('every open account, as of %s, matches the facts', async (_label, today) => {
    const rows = await stats(owner.workspaceId, today);
    const open = accounts.filter((a) => !a.archived && a.status !== 'lost');
    expect(open.length).toBeGreaterThan(5);
    expect(byId(rows)).toEqual(byId(open.map((a) => expectedStats(a, today))));
  });

  it.each(todays)('one account by id, archived and lost ones too, as of %s', async (_label, today) => {
    for (const account of accounts) {
      expect(await stats(owner.workspaceId, today, [account.id])).toEqual([expectedStats(account, today)]);
    }
  });

  it('the window edges fall on the right side: all of today counts, tomorrow not; day 90 back is recent, day 91 the window before', async () => {
    const [row] = await stats(owner.workspaceId, TODAY, [accounts[1]!.id]);
    const random = facts.filter((f) => f.accountId === accounts[1]!.id).slice(0, -7);
    const count = (from: number, to: number, client = false) =>
      random.filter((f) => f.occurredAt.getTime() >= from && f.occurredAt.getTime() < to && (!client || f.direction === 'client_initiated')).length;
    const asOf = dayOf(TODAY);
    const [d180, d90, end] = [midnight(asOf, -179), midnight(asOf, -89), midnight(asOf, 1)];
    expect(row).toMatchObject({
      last_touch_at: new Date(end - 1).toISOString(),
      touches: count(d90, end) + 3,
      client_touches: count(d90, end, true) + 3,
      touches_prev: count(d180, d90) + 2,
      client_touches_prev: count(d180, d90, true) + 1,
    });
  });

  it('an account with only a touch ahead of today was never touched', async () => {
    const future = accounts.find((a) => a.name === 'Account 06')!;
    const [row] = await stats(owner.workspaceId, TODAY, [future.id]);
    expect(row).toMatchObject({ last_touch_at: null, last_client_touch_at: null, touches: 0, engaged_contacts: 0 });
  });

  it.each(['Europe/Berlin', 'America/Los_Angeles', 'Pacific/Kiritimati'])(
    "a start date is midnight UTC whatever the server's time zone (%s)",
    async (zone) => {
      const started = accounts.find((a) => a.startedOn !== null && !a.archived)!;
      const row = await t.rapport.deps.db.transaction().execute(async (trx) => {
        await sql`select set_config('TimeZone', ${zone}, true)`.execute(trx);
        const [r] = await stats(owner.workspaceId, TODAY, [started.id], trx);
        return r!;
      });
      expect(row.since).toBe(started.startedOn);
      // So "never touched since" names the start date itself, not the day before.
      const touchStats = { ...toTouchStats({ ...row, last_touch_at: null, last_client_touch_at: null }), cadenceDays: 1 };
      expect(attentionReasons(touchStats, TODAY)[0]?.message).toContain(`Never touched since ${started.startedOn}`);
    },
  );

  it("another workspace's accounts and touches never show", async () => {
    const other = await t.newWorkspace('Other Repo Agency');
    expect(await stats(other.workspaceId, TODAY)).toEqual([]);
    expect(await stats(other.workspaceId, TODAY, [accounts[1]!.id])).toEqual([]);
  });

  it('the board reads the same statistics: one row per open account', async () => {
    const board = await getAttentionBoard(t.rapport.deps, { workspaceId: owner.workspaceId }, {});
    const open = accounts.filter((a) => !a.archived && a.status !== 'lost');
    expect(board.accountsConsidered).toBe(open.length);
    expect(board.attentionShare.totalTouches90).toBe(open.reduce((sum, a) => sum + expectedStats(a, TODAY).touches, 0));
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
