import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount, createContact } from '../../test/support/factories.js';
import { pino } from 'pino';
import { createJobQueue } from '../platform/jobs/queue.js';
import { HEALTH_DAY_QUEUE, ensureFresh, runningDayJob } from './recompute.js';
import { recomputeDay } from './jobs.js';

/**
 * The first read of a new day (decision 0027): the board, the portfolio, the alerts and the list
 * sorted by health answer from the stored numbers of the day before and say so, the day's recompute
 * is queued once (whoever asks: reads, the nightly run), and its job brings every open account to
 * the day. A change is still in the next read, and a read of one account still brings that one to
 * the day at once.
 */
const DAY = 86_400_000;
let now = new Date('2026-06-01T12:00:00Z');
const clock = { now: () => now };
const day = () => now.toISOString().slice(0, 10);
const nextDay = () => {
  now = new Date(now.getTime() + DAY);
};
type Json = any;

let t: TestApp;
let owner: TestMember;
let other: TestMember;
const ids = { quiet: '', busy: '', gone: '', elsewhere: '' };

async function get(url: string, member = owner): Promise<Json> {
  const res = await t.request('GET', url, { token: member.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function touch(accountId: string, daysAgo: number, member = owner) {
  const res = await t.request('POST', '/api/touchpoints', {
    token: member.token,
    body: { accountId, channel: 'call', direction: 'client_initiated', occurredAt: new Date(now.getTime() - daysAgo * DAY).toISOString(), subject: 'Catch-up' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Each account's stored day (health_current.as_of), by name. */
async function storedDays(workspaceId = owner.workspaceId): Promise<Record<string, string>> {
  const { rows } = await sql<{ name: string; as_of: string }>`
    select a.name, h.as_of::text as as_of from health_current h join accounts a on a.workspace_id = h.workspace_id and a.id = h.account_id
    where h.workspace_id = ${workspaceId} order by a.name`.execute(t.rapport.deps.db);
  return Object.fromEntries(rows.map((r) => [r.name, r.as_of]));
}

async function dayJobs(workspaceId = owner.workspaceId): Promise<Record<string, number>> {
  const { rows } = await sql<{ status: string; n: number }>`
    select status, count(*)::int as n from jobs where queue = ${HEALTH_DAY_QUEUE} and workspace_id = ${workspaceId} group by status`.execute(t.rapport.deps.db);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function snapshotsOn(date: string): Promise<Array<{ name: string; cause: string }>> {
  const { rows } = await sql<{ name: string; cause: string }>`
    select a.name, s.cause from health_snapshots s join accounts a on a.workspace_id = s.workspace_id and a.id = s.account_id
    where s.workspace_id = ${owner.workspaceId} and s.as_of = ${date}::date order by a.name, s.seq`.execute(t.rapport.deps.db);
  return rows;
}

const clearJobs = () => sql`delete from jobs where queue = ${HEALTH_DAY_QUEUE}`.execute(t.rapport.deps.db);

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Fresh Agency');
  other = await t.newWorkspace('Other Agency');
  // Quiet Co: touched 5 days ago on a 5-day cadence, so on time today and one day overdue tomorrow.
  ids.quiet = (await createAccount(t, owner.token, { name: 'Quiet Co', status: 'active', cadenceDays: 5 })).id;
  await createContact(t, owner.token, ids.quiet, { name: 'Quinn' });
  await touch(ids.quiet, 5);
  ids.busy = (await createAccount(t, owner.token, { name: 'Busy Co', status: 'active', cadenceDays: 30 })).id;
  await touch(ids.busy, 1);
  ids.gone = (await createAccount(t, owner.token, { name: 'Gone Co', status: 'active' })).id;
  await touch(ids.gone, 2);
  expect((await t.request('POST', `/api/accounts/${ids.gone}/lost`, { token: owner.token, body: { lostOn: day(), reasons: ['price'] } })).status).toBe(201);
  ids.elsewhere = (await createAccount(t, other.token, { name: 'Elsewhere Co', status: 'active' })).id;
  await touch(ids.elsewhere, 3, other);
  // Everything scored today: the change jobs, and the nightly run queued at start with its day jobs.
  await t.rapport.jobs.drain();
  await clearJobs();
}, 60_000);
afterAll(async () => t.close());

describe('the first read of a new day', () => {
  it("on the day itself: today's numbers, nothing to update", async () => {
    const board = await get('/api/attention');
    expect(board.freshness).toEqual({ asOf: '2026-06-01', computedAt: '2026-06-01T12:00:00.000Z', updating: false });
    expect(board.goingQuiet).toEqual([]);
    expect((await get('/api/health/portfolio')).freshness).toEqual(board.freshness);
    expect((await get('/api/alerts')).freshness).toEqual(board.freshness);
    expect((await get('/api/accounts?sort=health')).freshness).toEqual(board.freshness);
    expect(await dayJobs()).toEqual({});
  });

  it("answers from yesterday's numbers and says so; what moves with the date is counted to now; the day's recompute is queued once", async () => {
    nextDay();
    const board = await get('/api/attention');
    expect(board.freshness).toEqual({ asOf: '2026-06-01', computedAt: '2026-06-01T12:00:00.000Z', updating: true });
    // Days since the last touch are today's: Quiet Co is one day overdue on yesterday's statistics.
    expect(board.goingQuiet.map((r: Json) => [r.account.name, r.cadence.daysOverdue])).toEqual([['Quiet Co', 1]]);
    // Nothing was recomputed by the read; the lost account is no part of it.
    expect(await storedDays()).toEqual({ 'Busy Co': '2026-06-01', 'Gone Co': '2026-06-01', 'Quiet Co': '2026-06-01' });
    const portfolio = await get('/api/health/portfolio');
    expect(portfolio).toMatchObject({ asOf: '2026-06-02', freshness: board.freshness });
    expect(portfolio.items.map((i: Json) => i.accountId).sort()).toEqual([ids.quiet, ids.busy].sort());
    // The alerts and the list sorted by health answer from the same stored numbers, and say the same.
    expect((await get('/api/alerts')).freshness).toEqual(board.freshness);
    expect((await get('/api/alerts?state=resolved&limit=1')).freshness).toEqual(board.freshness);
    const byHealth = await get('/api/accounts?sort=-health&limit=1');
    expect(byHealth.freshness).toEqual(board.freshness);
    // The next page reads on from the first one's order: nothing is brought up to date for it, and it says nothing.
    expect(byHealth.nextCursor).not.toBeNull();
    expect(await get(`/api/accounts?sort=-health&limit=1&cursor=${encodeURIComponent(byHealth.nextCursor)}`)).not.toHaveProperty('freshness');
    // Other orders do not read the scores.
    expect(await get('/api/accounts?sort=name')).not.toHaveProperty('freshness');
    // Reads of the whole workspace, one job for the workspace's day; the other workspace was not read and has none.
    expect(await dayJobs()).toEqual({ queued: 1 });
    expect(await dayJobs(other.workspaceId)).toEqual({});
  });

  it('a change is in the next read all the same: the changed account is recomputed at once', async () => {
    await touch(ids.busy, 0);
    const board = await get('/api/attention');
    expect(await storedDays()).toEqual({ 'Busy Co': '2026-06-02', 'Gone Co': '2026-06-01', 'Quiet Co': '2026-06-01' });
    expect(board.freshness).toMatchObject({ asOf: '2026-06-01', updating: true });
    const { rows } = await sql<{ touches: number }>`select touches from health_current where account_id = ${ids.busy}`.execute(t.rapport.deps.db);
    expect(rows).toEqual([{ touches: 2 }]);
    expect(await dayJobs()).toEqual({ queued: 1 });
  });

  it("the day's job brings every open account to the day, with its daily snapshot; then the reads say so", async () => {
    await t.rapport.jobs.drain();
    expect(await storedDays()).toEqual({ 'Busy Co': '2026-06-02', 'Gone Co': '2026-06-01', 'Quiet Co': '2026-06-02' });
    expect(await snapshotsOn('2026-06-02')).toEqual([
      { name: 'Busy Co', cause: 'daily' },
      { name: 'Quiet Co', cause: 'daily' },
    ]);
    expect(await dayJobs()).toEqual({ done: 1 });
    const board = await get('/api/attention');
    expect(board.freshness).toEqual({ asOf: '2026-06-02', computedAt: '2026-06-02T12:00:00.000Z', updating: false });
    expect((await get('/api/alerts')).freshness).toEqual(board.freshness);
    expect((await get('/api/accounts?sort=health')).freshness).toEqual(board.freshness);
    expect(board.goingQuiet.map((r: Json) => [r.account.name, r.cadence.daysOverdue])).toEqual([['Quiet Co', 1]]);
    expect(await dayJobs()).toEqual({ done: 1 });
  });

  it('a read of one account brings that one to the day at once', async () => {
    nextDay();
    await get(`/api/accounts/${ids.quiet}/health`);
    // One account's alerts are that account's, brought to the day: nothing to say about the others.
    expect(await get(`/api/alerts?accountId=${ids.busy}`)).not.toHaveProperty('freshness');
    expect(await storedDays()).toEqual({ 'Busy Co': '2026-06-03', 'Gone Co': '2026-06-01', 'Quiet Co': '2026-06-03' });
    expect(await dayJobs()).toEqual({ done: 1 });
  });

  it("the nightly run queues every workspace's day; a read's request for the same day is the same job", async () => {
    nextDay();
    await clearJobs();
    expect((await get('/api/attention')).freshness.updating).toBe(true);
    // The nightly run (due since 00:05) runs first: the owner's day is already queued, the other's is added.
    await t.rapport.jobs.drain();
    expect(await dayJobs()).toEqual({ done: 1 });
    expect(await dayJobs(other.workspaceId)).toEqual({ done: 1 });
    expect(await storedDays(other.workspaceId)).toEqual({ 'Elsewhere Co': '2026-06-04' });
    expect(await storedDays()).toMatchObject({ 'Busy Co': '2026-06-04', 'Quiet Co': '2026-06-04' });
    const { rows } = await sql<{ run_at: Date }>`select run_at from jobs where queue = 'health.nightly' and status = 'queued'`.execute(t.rapport.deps.db);
    expect(rows.map((r) => new Date(r.run_at).toISOString())).toEqual(['2026-06-05T00:05:00.000Z']);
  });

  it('while the day job runs, a read queues no second one beside it', async () => {
    nextDay();
    await clearJobs();
    const deps = t.rapport.deps;
    await sql`insert into jobs (id, queue, workspace_id, payload, dedupe_key, status, run_at, max_attempts, created_at, locked_at, locked_by, attempts)
      values (gen_random_uuid(), ${HEALTH_DAY_QUEUE}, ${owner.workspaceId}, '{}'::jsonb, ${`ws:${owner.workspaceId}`}, 'running', ${now}, 5, ${now}, ${now}, 'elsewhere', 1)`.execute(deps.db);
    expect((await ensureFresh(deps, owner.workspaceId)).updating).toBe(true);
    expect(await dayJobs()).toEqual({ running: 1 });
    await clearJobs();
  });

  it('a workspace without open accounts: nothing to be fresh about', async () => {
    const empty = await t.newWorkspace('Empty Agency');
    expect((await get('/api/attention', empty)).freshness).toEqual({ asOf: null, computedAt: null, updating: false });
    expect((await get('/api/health/portfolio', empty)).freshness).toEqual({ asOf: null, computedAt: null, updating: false });
    expect((await get('/api/alerts', empty)).freshness).toEqual({ asOf: null, computedAt: null, updating: false });
    expect((await get('/api/accounts?sort=health', empty)).freshness).toEqual({ asOf: null, computedAt: null, updating: false });
  });
});

describe("a read that queues the day's recompute wakes this process's workers", () => {
  it('the job starts at once, though the workers would next look in an hour', async () => {
    nextDay();
    await clearJobs();
    let asleep!: () => void;
    const workerAsleep = new Promise<void>((resolve) => (asleep = resolve));
    let ran!: () => void;
    const dayRan = new Promise<void>((resolve) => (ran = resolve));
    const db = t.rapport.deps.db;
    const queue = createJobQueue({ db, clock, logger: pino({ level: 'silent' }), pollMs: 3600_000, onSleep: () => asleep() });
    // What the app's day worker does (health/jobs.ts), on a queue of this test's own.
    queue.register(HEALTH_DAY_QUEUE, async (job) => {
      await recomputeDay({ db, clock }, String(job.workspaceId));
      ran();
    });
    queue.start(1);
    await workerAsleep;
    try {
      const freshness = await ensureFresh({ db, clock, wakeJobs: () => queue.wake() }, owner.workspaceId);
      expect(freshness.updating).toBe(true);
      await dayRan;
      expect(await storedDays()).toMatchObject({ 'Busy Co': day(), 'Quiet Co': day() });
      expect(await dayJobs()).toEqual({ done: 1 });
    } finally {
      await queue.stop();
    }
  });
});

describe('the look for a running day job', () => {
  it("probes the running jobs' index, not every job kept for the week", async () => {
    const db = t.rapport.deps.db;
    // A week of finished jobs, as a busy Rapport keeps them (maintenance purges them after a week): change and day jobs.
    await sql`insert into jobs (id, queue, workspace_id, payload, dedupe_key, status, run_at, created_at, finished_at)
      select gen_random_uuid(), case when i % 10 = 0 then ${HEALTH_DAY_QUEUE} else 'health.recompute' end, ${owner.workspaceId}, '{}'::jsonb,
             ${`ws:${owner.workspaceId}`}, 'done', ${now}, ${now}, ${now}
      from generate_series(1, 5000) i`.execute(db);
    await sql`analyze jobs`.execute(db);
    try {
      const { rows } = await sql<Record<string, string>>`explain ${runningDayJob(owner.workspaceId)}`.execute(db);
      const plan = rows.map((r) => Object.values(r)[0]).join('\n');
      expect(plan).toContain('jobs_running_idx');
      expect(plan).not.toContain('Seq Scan');
      expect((await runningDayJob(owner.workspaceId).execute(db)).rows).toEqual([]);
    } finally {
      await sql`delete from jobs where status = 'done' and workspace_id = ${owner.workspaceId}`.execute(db);
    }
  });
});
