import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount } from '../../test/support/factories.js';
import { TEST_DB_KIND } from '../../test/support/database.js';

const DAY = 86_400_000;
let t: TestApp;
let member: TestMember;
let accountId = '';

beforeAll(async () => {
  t = await createTestApp();
  member = await t.newWorkspace('Racing Agency');
  const startedOn = new Date(Date.now() - 60 * DAY).toISOString().slice(0, 10);
  accountId = (await createAccount(t, member.token, { name: 'Quiet Harbour', cadenceDays: 7, startedOn })).id;
});
afterAll(async () => t.close());

async function openAlert(): Promise<string> {
  const res = await t.request('GET', `/api/alerts?accountId=${accountId}&kind=going_quiet`, { token: member.token });
  expect(res.status).toBe(200);
  return res.body.items[0].id as string;
}

/** Waits (polling, no deadline of its own: the test's timeout is the limit) until a statement waits for a row lock. */
async function someoneWaitsForALock(): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(t.rapport.deps.db);
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Two people act on one alert at the same moment (on PostgreSQL, in parallel transactions; PGlite
 * runs one transaction at a time). A resolve commits while a snooze of the same alert is under way:
 * the snooze read the alert as open before the resolve committed, then wrote it back as snoozed,
 * a resolved alert with a snooze, which would come back as open when the snooze ended. The action
 * now locks the alert before it reads it, and the snooze answers `conflict`.
 */
describe.skipIf(TEST_DB_KIND !== 'postgres')('acting on an alert someone is resolving', () => {
  it('a snooze that waited for a resolve is refused, and the alert stays resolved', async () => {
    const id = await openAlert();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Someone else's resolve, held open: its row lock taken, not yet committed.
    const resolving = t.rapport.deps.db.transaction().execute(async (trx) => {
      await sql`update alerts set state = 'resolved', resolution = 'manual', resolved_at = now(), updated_at = now() where id = ${id}`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    const snoozing = t.request('POST', `/api/alerts/${id}/snooze`, { token: member.token, body: { until: new Date(Date.now() + DAY).toISOString() } });
    await someoneWaitsForALock();
    release();
    await resolving;
    const res = await snoozing;
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    const row = await t.rapport.deps.db.selectFrom('alerts').select(['state', 'snoozed_until']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'resolved', snoozed_until: null });
  });
});
