import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount, seededRandom } from '../../test/support/factories.js';
import type { AccountSignals } from './facts.js';
import { loadAccountFacts } from './facts-repo.js';
import { DEFAULT_MODEL, type HealthModel } from './model.js';
import { loadSignals } from './signals-sql.js';
import { summarizeFacts } from './summarize.js';

/**
 * The full recompute reads signals from one SQL statement; the incremental recompute and the
 * backtest compute them in JavaScript (summarizeFacts) from the raw facts. Both must answer the
 * same for every account, every day, every model window: here on a seeded random portfolio with
 * every kind of fact, including the awkward ones (touches ahead of the day, cancelled and
 * undelivered deliverables, targets without an actual, contacts added later or left without a
 * date, champions who left), on days chosen around the facts.
 */
const NOW = new Date('2026-06-15T10:00:00Z');
const DAY = 86_400_000;
let t: TestApp;
let owner: TestMember;
const accountIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(NOW) });
  owner = await t.newWorkspace('Signals Agency');
  const db = t.rapport.deps.db;
  const ws = owner.workspaceId;
  const random = seededRandom(4242);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY + int(-40_000, 40_000) * 1000);
  const day = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);

  for (let i = 0; i < 10; i++) {
    const account = await createAccount(t, owner.token, { name: `Signals ${i}`, status: 'active', cadenceDays: i % 3 === 0 ? null : 14, ...(i % 2 ? { startedOn: day(500) } : {}) });
    accountIds.push(account.id);
    const contacts: string[] = [];
    for (let c = 0; c < int(0, 5); c++) {
      const id = randomUUID();
      const status = random() < 0.3 ? 'left' : 'active';
      const leftOn = status === 'left' && random() < 0.8 ? day(int(0, 200)) : null;
      await sql`insert into contacts (workspace_id, id, account_id, name, sort_name, emails, role, influence, is_primary, status, left_on, social_handles, notes, created_at, updated_at)
        values (${ws}, ${id}, ${account.id}, ${`P${i}-${c}`}, ${`p${i}-${c}`}, '{}', ${pick(['champion', 'decision_maker', 'user', 'finance', 'other'])}, 3, false,
                ${status}, ${leftOn}, '[]', '', ${at(int(0, 400))}, ${NOW})`.execute(db);
      contacts.push(id);
    }
    for (let k = 0; k < int(0, 60); k++) {
      const id = randomUUID();
      const occurredAt = at(int(-10, 400));
      const direction = random() < 0.4 ? 'client_initiated' : 'agency_initiated';
      const sentiment = random() < 0.6 ? Math.round((random() * 2 - 1) * 1000) / 1000 : null;
      await sql`insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, source, sentiment, created_at, updated_at)
        values (${ws}, ${id}, ${account.id}, 'email', ${direction}, ${occurredAt}, 'api', ${sentiment}, ${NOW}, ${NOW})`.execute(db);
      for (const contact of contacts.filter(() => random() < 0.5)) {
        await sql`insert into touchpoint_contacts (workspace_id, touchpoint_id, contact_id, occurred_at, direction)
          values (${ws}, ${id}, ${contact}, ${occurredAt}, ${direction})`.execute(db);
      }
    }
    const project = randomUUID();
    await sql`insert into projects (workspace_id, id, account_id, name, status, created_at, updated_at)
      values (${ws}, ${project}, ${account.id}, 'Retainer', 'active', ${NOW}, ${NOW})`.execute(db);
    for (let k = 0; k < int(0, 25); k++) {
      const dueAt = at(int(-20, 300));
      const roll = random();
      const status = roll < 0.1 ? 'cancelled' : roll < 0.3 ? 'planned' : 'delivered';
      const deliveredAt = status === 'delivered' ? new Date(dueAt.getTime() + int(-5, 8) * DAY) : null;
      await sql`insert into deliverables (workspace_id, id, project_id, account_id, title, due_at, delivered_at, status, created_at, updated_at)
        values (${ws}, ${randomUUID()}, ${project}, ${account.id}, ${`D${k}`}, ${dueAt}, ${deliveredAt}, ${status}, ${NOW}, ${NOW})`.execute(db);
    }
    for (const metric of ['leads', 'cpa'].slice(0, int(0, 2))) {
      for (let p = 0; p < int(1, 6); p++) {
        const end = int(-30, 360);
        const actual = random() < 0.8 ? int(50, 150) : null;
        await sql`insert into targets (workspace_id, id, account_id, metric, period_start, period_end, goal, actual, higher_is_better, created_at, updated_at)
          values (${ws}, ${randomUUID()}, ${account.id}, ${metric}, ${day(end + 30)}, ${day(end)}, 100, ${actual}, ${metric === 'leads'}, ${NOW}, ${NOW})`.execute(db);
      }
    }
    for (let k = 0; k < int(0, 8); k++) {
      await sql`insert into incidents (workspace_id, id, account_id, kind, severity, occurred_at, created_at, updated_at)
        values (${ws}, ${randomUUID()}, ${account.id}, ${pick(['report_error', 'rework', 'complaint'])}, ${int(1, 3)}, ${at(int(-5, 200))}, ${NOW}, ${NOW})`.execute(db);
    }
  }
  // A champion who left ten days ago, and a decision maker who left without a date.
  for (const [role, leftOn] of [['champion', day(10)], ['decision_maker', null]] as const) {
    await sql`insert into contacts (workspace_id, id, account_id, name, sort_name, emails, role, influence, is_primary, status, left_on, social_handles, notes, created_at, updated_at)
      values (${ws}, ${randomUUID()}, ${accountIds[0]!}, ${role}, ${role}, '{}', ${role}, 5, false, 'left', ${leftOn}, '[]', '', ${at(300)}, ${NOW})`.execute(db);
  }
}, 120_000);
afterAll(async () => t.close());

/** Sentiment means are sums of float4 values in two engines: equal to 9 decimals, not bit for bit. */
function comparable(s: AccountSignals) {
  return { ...s, sentiment: { ...s.sentiment, mean: s.sentiment.mean === null ? null : Math.round(s.sentiment.mean * 1e9) / 1e9 } };
}

const days = ['2026-06-15', '2026-06-14', '2026-04-01', '2025-12-31', '2025-07-01', '2027-01-01'];
const narrow: HealthModel = { ...DEFAULT_MODEL, windows: { touchDays: 30, deliveryDays: 45, incidentDays: 14, cosyDays: 7 } };

describe('signals: the SQL and summarizeFacts agree', () => {
  it.each(days)('every account as of %s, default model', async (asOf) => {
    const facts = await loadAccountFacts(t.rapport.deps.db, owner.workspaceId, accountIds);
    const fromSql = await loadSignals(t.rapport.deps.db, owner.workspaceId, asOf, DEFAULT_MODEL, { all: true });
    expect(fromSql).toHaveLength(accountIds.length);
    for (const signals of fromSql) {
      expect(comparable(signals)).toEqual(comparable(summarizeFacts(facts.get(signals.accountId)!, asOf, DEFAULT_MODEL)));
    }
  });

  it.each(days)('one account at a time as of %s, other windows', async (asOf) => {
    const facts = await loadAccountFacts(t.rapport.deps.db, owner.workspaceId, accountIds);
    for (const id of accountIds) {
      const [signals] = await loadSignals(t.rapport.deps.db, owner.workspaceId, asOf, narrow, { ids: [id] });
      expect(comparable(signals!)).toEqual(comparable(summarizeFacts(facts.get(id)!, asOf, narrow)));
    }
  });

  it.each(days.slice(0, 3))('every account by ids (as the recompute reads a chunk) = every open account, as of %s', async (asOf) => {
    const db = t.rapport.deps.db;
    const all = await loadSignals(db, owner.workspaceId, asOf, DEFAULT_MODEL, { all: true });
    expect(all).toHaveLength(accountIds.length);
    expect(await loadSignals(db, owner.workspaceId, asOf, DEFAULT_MODEL, { ids: [...accountIds].reverse() })).toEqual(all);
  });

  it.each(['Asia/Kolkata', 'America/St_Johns', 'UTC'])('times read the same whatever the session time zone (%s), old dates included', async (zone) => {
    const other = await t.newWorkspace(`Zone ${zone}`);
    const account = await createAccount(t, other.token, { name: 'Old Times Co' });
    const db = t.rapport.deps.db;
    // 1900: Kolkata's offset was +05:21:10 then, which JSON writes and JavaScript's Date cannot read.
    for (const [occurredAt, direction] of [['1900-01-01T00:00:00.123Z', 'client_initiated'], ['1900-01-02T06:30:00Z', 'agency_initiated']] as const) {
      await sql`insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, source, created_at, updated_at)
        values (${other.workspaceId}, ${randomUUID()}, ${account.id}, 'email', ${direction}, ${occurredAt}, 'api', ${NOW}, ${NOW})`.execute(db);
    }
    const [signals] = await db.transaction().execute(async (tx) => {
      await sql`select set_config('TimeZone', ${zone}, true)`.execute(tx);
      return loadSignals(tx, other.workspaceId, '2026-06-15', DEFAULT_MODEL, { ids: [account.id] });
    });
    expect(signals!.touches).toMatchObject({ lastTouchAt: '1900-01-02T06:30:00.000Z', lastClientTouchAt: '1900-01-01T00:00:00.123Z' });
  });

  it('the data is not trivial: some of every signal is non-zero somewhere', async () => {
    const all = await loadSignals(t.rapport.deps.db, owner.workspaceId, '2026-06-15', DEFAULT_MODEL, { all: true });
    const some = (f: (s: AccountSignals) => number) => all.some((s) => f(s) > 0);
    expect(some((s) => s.touches.touches)).toBe(true);
    expect(some((s) => s.touches.engagedContacts)).toBe(true);
    expect(some((s) => s.sentiment.scored)).toBe(true);
    expect(some((s) => s.delivery.late)).toBe(true);
    expect(some((s) => s.delivery.onTime)).toBe(true);
    expect(some((s) => s.targets.evaluated - s.targets.met)).toBe(true);
    expect(some((s) => s.incidents.severityTotal)).toBe(true);
    expect(some((s) => s.contacts.keyLeftIds.length)).toBe(true);
  });

  it('facts loaded up to a day know nothing after it: a delivery made later is still open then', async () => {
    const before = new Date('2026-01-01T00:00:00Z');
    const facts = await loadAccountFacts(t.rapport.deps.db, owner.workspaceId, accountIds, before);
    for (const f of facts.values()) {
      for (const tp of f.touchpoints) expect(Date.parse(tp.occurredAt)).toBeLessThan(before.getTime());
      for (const d of f.deliverables) if (d.deliveredAt) expect(Date.parse(d.deliveredAt)).toBeLessThan(before.getTime());
    }
    // And the signals of a day before `before` are the same from those facts as from all of them.
    const all = await loadAccountFacts(t.rapport.deps.db, owner.workspaceId, accountIds);
    for (const id of accountIds) {
      expect(summarizeFacts(facts.get(id)!, '2025-12-31', DEFAULT_MODEL)).toEqual(summarizeFacts(all.get(id)!, '2025-12-31', DEFAULT_MODEL));
    }
  });
});
