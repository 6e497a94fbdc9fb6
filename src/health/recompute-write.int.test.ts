import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { TEST_DB_KIND } from '../../test/support/database.js';
import { createAccount } from '../../test/support/factories.js';
import { touchpointsRepo } from '../touchpoints/repo.js';
import { accountFactsChanged } from './changed.js';
import { recomputeHealth, staleAccounts } from './recompute.js';

/**
 * The recompute's one write statement, through the database: an alert whose content changed is
 * rewritten (its state kept), a snoozed one whose snooze ran out opens again, one still snoozed is
 * left alone. An account with no contact holds single_threaded ("No active contact is known").
 */
const NOW = new Date('2026-06-15T10:00:00Z');
let t: TestApp;
let member: TestMember;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(NOW) });
  member = await t.newWorkspace('Write Agency');
  accountId = (await createAccount(t, member.token, { name: 'Nobody Known Co' })).id;
});
afterAll(async () => t.close());

interface AlertRow {
  id: string;
  kind: string;
  state: string;
  message: string;
  content_hash: string;
  snoozed_until: Date | null;
}
const recompute = () => recomputeHealth(t.rapport.deps, member.workspaceId, { ids: [accountId] }, { cause: 'recompute' });
async function singleThreaded(): Promise<AlertRow> {
  const { rows } = await sql<AlertRow>`
    select id, kind, state, message, content_hash, snoozed_until from alerts
    where workspace_id = ${member.workspaceId} and account_id = ${accountId} and kind = 'single_threaded' and state <> 'resolved'`.execute(t.rapport.deps.db);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}
const set = (id: string, patch: { state: string; message?: string; hash?: string; snoozedUntil?: Date | null }) =>
  sql`update alerts set state = ${patch.state}, message = coalesce(${patch.message ?? null}, message), content_hash = coalesce(${patch.hash ?? null}, content_hash),
      snoozed_until = ${patch.snoozedUntil ?? null} where id = ${id}`.execute(t.rapport.deps.db);

describe('the recompute writes alerts', () => {
  it('rewrites what an alert says when it changed, keeping its state; leaves it alone when it did not', async () => {
    await recompute();
    const raised = await singleThreaded();
    expect(raised).toMatchObject({ state: 'open', message: 'No active contact is known at this account' });
    expect(raised.content_hash).toMatch(/^[\w-]{27}$/);

    await set(raised.id, { state: 'acknowledged', message: 'Words of an older version', hash: 'stale' });
    await recompute();
    expect(await singleThreaded()).toMatchObject({ id: raised.id, state: 'acknowledged', message: raised.message, content_hash: raised.content_hash });

    // Unchanged: not rewritten (a message edited behind its back, with the right hash, stays).
    await set(raised.id, { state: 'acknowledged', message: 'Edited elsewhere' });
    await recompute();
    expect((await singleThreaded()).message).toBe('Edited elsewhere');
  });

  it('opens a snoozed alert again once its snooze ran out, and leaves one still snoozed alone', async () => {
    const alert = await singleThreaded();
    const later = new Date(NOW.getTime() + 86_400_000);
    await set(alert.id, { state: 'snoozed', snoozedUntil: later });
    await recompute();
    expect(await singleThreaded()).toMatchObject({ state: 'snoozed', snoozed_until: later });

    await set(alert.id, { state: 'snoozed', snoozedUntil: new Date(NOW.getTime() - 60_000) });
    await recompute();
    expect(await singleThreaded()).toMatchObject({ id: alert.id, state: 'open', snoozed_until: null });
  });

  it('resolves it when the rule stops holding (two active contacts, both in touches)', async () => {
    const db = t.rapport.deps.db;
    const ws = member.workspaceId;
    const alert = await singleThreaded();
    for (const name of ['Ana', 'Ben']) {
      const contact = randomUUID();
      await sql`insert into contacts (workspace_id, id, account_id, name, sort_name, emails, role, influence, is_primary, status, social_handles, notes, created_at, updated_at)
        values (${ws}, ${contact}, ${accountId}, ${name}, ${name}, '{}', 'user', 3, false, 'active', '[]', '', ${NOW}, ${NOW})`.execute(db);
      const touch = randomUUID();
      const at = new Date(NOW.getTime() - 86_400_000);
      await sql`insert into touchpoints (workspace_id, id, account_id, channel, direction, occurred_at, source, created_at, updated_at)
        values (${ws}, ${touch}, ${accountId}, 'call', 'agency_initiated', ${at}, 'api', ${NOW}, ${NOW})`.execute(db);
      await sql`insert into touchpoint_contacts (workspace_id, touchpoint_id, contact_id, occurred_at, direction)
        values (${ws}, ${touch}, ${contact}, ${at}, 'agency_initiated')`.execute(db);
    }
    await recompute();
    const { rows } = await sql<{ state: string; resolution: string }>`select state, resolution from alerts where id = ${alert.id}`.execute(db);
    expect(rows[0]).toEqual({ state: 'resolved', resolution: 'auto' });
  });

  it("one account's statements are prepared, and keep a generic plan after their first runs", async () => {
    const statements = await t.rapport.deps.db.connection().execute(async (db) => {
      const deps = { ...t.rapport.deps, db };
      for (let i = 0; i < 8; i++) await recomputeHealth(deps, member.workspaceId, { ids: [accountId] }, { cause: 'recompute' });
      const { rows } = await sql<{ name: string; statement: string; generic_plans: number }>`
        select name, statement, generic_plans from pg_prepared_statements where name like 'rapport_%'`.execute(db);
      return rows;
    });
    const kinds = (pattern: RegExp) => statements.filter((s) => pattern.test(s.statement));
    for (const pattern of [/select to_json\(q\)/, /select a\.id as account_id, p\.as_of::text as as_of, p\.score/, /h\.fingerprint/, /with current_rows as/]) {
      expect(kinds(pattern), String(pattern)).toHaveLength(1);
      expect(Number(kinds(pattern)[0]!.generic_plans), String(pattern)).toBeGreaterThan(0);
    }
  });
});

describe('the order of recomputes is the order they started in, not the clock', () => {
  it('a clock that went back (an NTP step) does not stop a change from being scored', async () => {
    const { db } = t.rapport.deps;
    const ws = member.workspaceId;
    const id = (await createAccount(t, member.token, { name: 'Clock Back Co' })).id;
    const ahead = fixedClock(new Date(NOW.getTime() + 3_600_000));
    await recomputeHealth({ db, clock: ahead }, ws, { ids: [id] }, { cause: 'recompute' });
    // Back to the right time: a touch is logged and scored by a run whose start is before the last one's.
    const touchAt = new Date(NOW.getTime() - 86_400_000);
    const deps = { db, clock: fixedClock(NOW) };
    await touchpointsRepo(db).insertTouchpoints(
      ws,
      [{ id: randomUUID(), accountId: id, channel: 'call', direction: 'client_initiated', occurredAt: touchAt, durationMinutes: 30, subject: 'Call', summary: '', source: 'api', externalId: null, createdBy: null, contactIds: [], memberIds: [] }],
      NOW,
    );
    await accountFactsChanged(deps, ws, [id]);
    await recomputeHealth(deps, ws, { ids: [id] }, { cause: 'change' });
    const current = await db.selectFrom('health_current').select(['last_touch_at', 'computed_at']).where('workspace_id', '=', ws).where('account_id', '=', id).executeTakeFirstOrThrow();
    expect(current.last_touch_at?.toISOString()).toBe(touchAt.toISOString());
    expect(current.computed_at.toISOString()).toBe(NOW.toISOString());
    expect(await staleAccounts(deps, ws, [id])).toEqual([]);
  });
});

describe.skipIf(TEST_DB_KIND !== 'postgres')('two recomputes of one account at once (PostgreSQL runs them in parallel)', () => {
  it('one that read the facts before a change does not write over the score of one that read them after', async () => {
    const { db } = t.rapport.deps;
    const ws = member.workspaceId;
    const raced = (await createAccount(t, member.token, { name: 'Raced Co' })).id;
    await recomputeHealth(t.rapport.deps, ws, { ids: [raced] }, { cause: 'recompute' });
    const later = fixedClock(new Date(NOW.getTime() + 60_000));
    const touchAt = new Date(NOW.getTime() - 86_400_000);
    let early: Promise<unknown> = Promise.resolve();
    await db.transaction().execute(async (trx) => {
      // The workspace's health lock held here: the first recompute (a worker's job) reads the
      // signals, with no touch yet, then waits for the lock to write.
      await sql`select pg_advisory_xact_lock(hashtext(${`rapport.health:${ws}`}))`.execute(trx);
      early = recomputeHealth(t.rapport.deps, ws, { ids: [raced] }, { cause: 'change' });
      for (let waited = 0; ; waited += 10) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`.execute(db);
        if (rows[0]!.n > 0) break;
        if (waited > 10_000) throw new Error('The first recompute never waited for the lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Meanwhile a touch is logged, and another worker's recompute scores it and writes first.
      const deps = { db: trx, clock: later };
      await touchpointsRepo(trx).insertTouchpoints(
        ws,
        [{ id: randomUUID(), accountId: raced, channel: 'call', direction: 'client_initiated', occurredAt: touchAt, durationMinutes: 30, subject: 'Call', summary: '', source: 'api', externalId: null, createdBy: null, contactIds: [], memberIds: [] }],
        later.now(),
      );
      await accountFactsChanged(deps, ws, [raced]);
      await recomputeHealth(deps, ws, { ids: [raced] }, { cause: 'change' });
    });
    await early;
    const current = await db.selectFrom('health_current').select(['last_touch_at', 'computed_at']).where('workspace_id', '=', ws).where('account_id', '=', raced).executeTakeFirstOrThrow();
    expect(current.last_touch_at?.toISOString()).toBe(touchAt.toISOString());
    expect(current.computed_at.toISOString()).toBe(later.now().toISOString());
    const snapshots = await db.selectFrom('health_snapshots').select('computed_at').where('workspace_id', '=', ws).where('account_id', '=', raced).orderBy('seq').execute();
    expect(snapshots.at(-1)?.computed_at.toISOString()).toBe(later.now().toISOString());
    expect(await staleAccounts({ db, clock: later }, ws, [raced])).toEqual([]);
  });
});
