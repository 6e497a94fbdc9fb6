import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../platform/db/database.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount } from '../../test/support/factories.js';
import { AppError } from '../platform/errors.js';
import { sql } from 'kysely';
import { backfillCommand, recomputeCommand } from './cli-recompute.js';
import { recomputeHealth } from './recompute.js';

let t: TestApp;
let owner: TestMember;

function sink() {
  let text = '';
  return { stream: new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }), text: () => text };
}
/** The test app's open database, handed to the command (which closes what it opened: here, nothing). */
const open = async () => ({ database: { close: async () => undefined } as unknown as Database, deps: t.rapport.deps });

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('CLI Health Agency');
  // Each with a touch, so each has a score of its own (an account without data has no snapshot: decision 0024).
  for (const name of ['One', 'Two', 'Three']) {
    const account = await createAccount(t, owner.token, { name, status: 'active' });
    const touch = await t.request('POST', '/api/touchpoints', {
      token: owner.token,
      body: { accountId: account.id, channel: 'call', direction: 'agency_initiated', occurredAt: new Date().toISOString(), subject: 'Kick-off' },
    });
    expect(touch.status).toBe(201);
  }
});
afterAll(async () => t.close());

describe('rapport health recompute / backfill', () => {
  it('recomputes every open account of the named workspace, with progress and a summary', async () => {
    const [out, err] = [sink(), sink()];
    await recomputeCommand({ workspace: 'cli-health-agency' }, { open, out: out.stream, err: err.stream });
    expect(err.text()).toContain('3/3 accounts');
    expect(out.text()).toMatch(/CLI Health Agency: 3 accounts recomputed as of \d{4}-\d{2}-\d{2} with model v0 in \d+ ms — 3 snapshots/);
  });

  it('recomputes in chunks, two in flight, with progress per chunk: the same result as one chunk', async () => {
    const deps = t.rapport.deps;
    const ws = owner.workspaceId;
    const progress: string[] = [];
    const inBatches = await recomputeHealth(deps, ws, { all: true }, { cause: 'recompute', batchSize: 2, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    // Two chunks (2 + 1 accounts) in flight: either may finish first.
    expect(progress).toHaveLength(2);
    expect(['1/3', '2/3']).toContain(progress[0]);
    expect(progress[1]).toBe('3/3');
    expect(inBatches).toMatchObject({ accounts: 3, snapshots: 0 });
    const current = async () => (await sql<{ account_id: string; score: number; fingerprint: string }>`
      select account_id, score, fingerprint from health_current where workspace_id = ${ws} order by account_id`.execute(deps.db)).rows;
    const before = await current();
    expect(before).toHaveLength(3);
    expect(await recomputeHealth(deps, ws, { all: true }, { cause: 'recompute', batchSize: 1000 })).toMatchObject({ accounts: 3, snapshots: 0 });
    expect(await current()).toEqual(before);
  });

  it('score_drop reads the peak of the last 30 days as the rule does: 29 days ago counts, 30 days ago does not', async () => {
    const deps = t.rapport.deps;
    const ws = owner.workspaceId;
    const { rows } = await sql<{ account_id: string; score: number; as_of: string }>`
      select account_id, score, as_of::text as as_of from health_current where workspace_id = ${ws} order by account_id limit 1`.execute(deps.db);
    const current = rows[0]!;
    const scoreDropOpen = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from alerts where workspace_id = ${ws} and account_id = ${current.account_id} and kind = 'score_drop' and state <> 'resolved'`.execute(deps.db))
        .rows[0]!.n;
    const pastSnapshot = (daysAgo: number, above: number) => sql`
      insert into health_snapshots (workspace_id, id, account_id, as_of, score, band, model_version, components, cause, computed_at)
      values (${ws}, gen_random_uuid(), ${current.account_id}, ${current.as_of}::date - ${daysAgo}::int, ${current.score + above}, 'healthy', 0, '[]', 'daily', now())`.execute(deps.db);
    // The higher score falls on the day just out of the window: it must not hide the one inside.
    // Both ways of reading the peaks: one account (a prepared statement), and a chunk of several.
    const one = () => recomputeHealth(deps, ws, { ids: [current.account_id] }, { cause: 'recompute' });
    const every = () => recomputeHealth(deps, ws, { all: true }, { cause: 'recompute' });
    await pastSnapshot(30, 40);
    await one();
    await every();
    expect(await scoreDropOpen()).toBe(0);
    await pastSnapshot(29, 30);
    await every();
    expect(await scoreDropOpen()).toBe(1);
    await sql`delete from alerts where workspace_id = ${ws} and account_id = ${current.account_id} and kind = 'score_drop'`.execute(deps.db);
    await one();
    expect(await scoreDropOpen()).toBe(1);
  });

  it('names an unknown workspace, and a bad --days, as clear errors', async () => {
    await expect(recomputeCommand({ workspace: 'nope' }, { open })).rejects.toMatchObject({ code: 'not_found' });
    await expect(backfillCommand({ days: '0' }, { open })).rejects.toBeInstanceOf(AppError);
  });

  it('backfills the history of the named workspace', async () => {
    const out = sink();
    await backfillCommand({ workspace: 'cli-health-agency', days: '30' }, { open, out: out.stream });
    expect(out.text()).toMatch(/CLI Health Agency: 3 accounts, 30 days — \d+ snapshots/);
  });

  it('tells what to do when a running server holds the data folder', async () => {
    const locked = async () => {
      throw new AppError('locked', 'Another Rapport process is using the data folder.');
    };
    await expect(recomputeCommand({}, { open: locked })).rejects.toThrow(/POST \/api\/health\/recompute/);
  });
});
