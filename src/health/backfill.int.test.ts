import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount } from '../../test/support/factories.js';
import { replayAccount } from '../postmortems/backtest.js';
import { loadAccountFacts } from './facts-repo.js';
import { DEFAULT_MODEL } from './model.js';
import { addDays } from './summarize.js';
import { backfillHealth } from './backfill.js';

/**
 * The backfill writes the history the score would have had: one snapshot a day equal to the
 * backtest's replay of that day, and alerts opened and resolved on the days the rules started and
 * stopped holding.
 */
const NOW = new Date('2026-09-01T15:00:00Z');
const TODAY = '2026-09-01';
let t: TestApp;
let owner: TestMember;
let accountId: string;
const day = (offset: number) => addDays(TODAY, offset);

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(NOW) });
  owner = await t.newWorkspace('Backfill Agency');
  const ws = owner.workspaceId;
  const db = t.rapport.deps.db;
  accountId = (await createAccount(t, owner.token, { name: 'History Co', status: 'active', cadenceDays: 14, startedOn: day(-300) })).id;
  const project = randomUUID();
  await sql`insert into projects (workspace_id, id, account_id, name, status, created_at, updated_at)
    values (${ws}, ${project}, ${accountId}, 'Retainer', 'active', ${NOW}, ${NOW})`.execute(db);
  // Two deliverables delivered late, 100 and 95 days ago: slipping from the second one's due day
  // until the first leaves the 90-day window (10 days ago).
  for (const [due, delivered] of [[-100, -97], [-95, -90]] as const) {
    await sql`insert into deliverables (workspace_id, id, project_id, account_id, title, due_at, delivered_at, status, created_at, updated_at)
      values (${ws}, ${randomUUID()}, ${project}, ${accountId}, ${`Late ${due}`}, ${`${day(due)}T12:00:00Z`}, ${`${day(delivered)}T12:00:00Z`}, 'delivered', ${NOW}, ${NOW})`.execute(db);
  }
  for (let offset = -150; offset <= -1; offset += 7) {
    await sql`insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, source, created_at, updated_at)
      values (${ws}, ${randomUUID()}, ${accountId}, 'call', ${offset % 2 ? 'client_initiated' : 'agency_initiated'}, ${`${day(offset)}T10:00:00Z`}, 'api', ${NOW}, ${NOW})`.execute(db);
  }
}, 60_000);
afterAll(async () => t.close());

async function snapshots() {
  const { rows } = await sql<{ as_of: string; score: number; band: string; cause: string }>`
    select as_of::text as as_of, score, band, cause from health_snapshots where workspace_id = ${owner.workspaceId} and account_id = ${accountId} order by seq`.execute(t.rapport.deps.db);
  return rows;
}

async function alerts() {
  const { rows } = await sql<{ id: string; kind: string; state: string; raised_on: string; resolved_at: Date | null; resolution: string | null }>`
    select id, kind, state, raised_on::text as raised_on, resolved_at, resolution from alerts
    where workspace_id = ${owner.workspaceId} and account_id = ${accountId} order by raised_on, kind`.execute(t.rapport.deps.db);
  return rows;
}

describe('backfillHealth', () => {
  it('writes a snapshot a day equal to the replay of that day, then today', async () => {
    const result = await backfillHealth(t.rapport.deps, owner.workspaceId, { days: 120 });
    expect(result.accounts).toBe(1);
    const rows = await snapshots();
    expect(rows.map((r) => r.as_of)).toEqual(Array.from({ length: 119 }, (_, i) => day(-119 + i)).concat(TODAY));
    const facts = (await loadAccountFacts(t.rapport.deps.db, owner.workspaceId, [accountId])).get(accountId)!;
    const replay = replayAccount(facts, DEFAULT_MODEL, day(-119), day(-1));
    expect(rows.slice(0, -1).map((r) => ({ asOf: r.as_of, score: Math.round(Number(r.score) * 10) / 10, band: r.band }))).toEqual(
      replay.map((d) => ({ asOf: d.asOf, score: d.score, band: d.band })),
    );
  });

  it('opens delivery_slipping on the second late due day and resolves it when the first leaves the window', async () => {
    const slipping = (await alerts()).filter((a) => a.kind === 'delivery_slipping');
    expect(slipping).toHaveLength(1);
    expect(slipping[0]).toMatchObject({ raised_on: day(-95), state: 'resolved', resolution: 'auto' });
    expect(slipping[0]!.resolved_at!.toISOString().slice(0, 10)).toBe(day(-10));
  });

  it('runs again to the same history, and keeps an alert someone acted on', async () => {
    const before = await alerts();
    const acted = before.find((a) => a.state !== 'resolved');
    if (acted) {
      await sql`update alerts set state = 'acknowledged', acknowledged_at = ${NOW}, acknowledged_by = ${owner.userId} where id = ${acted.id}`.execute(t.rapport.deps.db);
    }
    await backfillHealth(t.rapport.deps, owner.workspaceId, { days: 120 });
    const after = await alerts();
    expect(after.map((a) => [a.kind, a.raised_on, a.state === 'resolved'])).toEqual(before.map((a) => [a.kind, a.raised_on, a.state === 'resolved']));
    if (acted) expect(after.find((a) => a.id === acted.id)?.state).toBe('acknowledged');
    expect((await snapshots()).length).toBe(120);
  });
});
