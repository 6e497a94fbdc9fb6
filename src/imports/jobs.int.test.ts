import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { ABANDONED_MESSAGE, SILENT_AFTER_MS } from './jobs.js';
import { importsRepo } from './repo.js';

/**
 * The sweep of imports whose process stopped (several processes on PostgreSQL: the upload is on
 * the machine that took it, so no other process can finish it), through the job queue.
 */
const clock = fixedClock('2026-03-02T10:00:00Z');
let t: TestApp;
let owner: TestMember;

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Sweep Agency');
});
afterAll(async () => t.close());

async function newImport(status: 'queued' | 'running'): Promise<string> {
  const id = newId();
  const repo = importsRepo(t.rapport.deps.db);
  await repo.insertImport(owner.workspaceId, { id, filename: `${status}.csv`, format: 'csv', layout: null, dryRun: false, bytesTotal: null, mapping: null, createdBy: owner.userId, at: clock.now() });
  if (status === 'running') await repo.markRunning(owner.workspaceId, id, clock.now());
  return id;
}
const statusOf = async (id: string) => (await importsRepo(t.rapport.deps.db).findImport(owner.workspaceId, id))!;

describe('imports whose process stopped', () => {
  it('are marked failed once their heartbeat is silent for long; one whose process still beats runs on', async () => {
    const dead = await newImport('running');
    const neverStarted = await newImport('queued');
    const alive = await newImport('running');
    clock.advance(SILENT_AFTER_MS - 1000);
    await importsRepo(t.rapport.deps.db).beat(owner.workspaceId, alive, clock.now());
    await t.rapport.jobs.drain();
    for (const id of [dead, neverStarted, alive]) expect((await statusOf(id)).status).toBe(id === neverStarted ? 'queued' : 'running');

    // The next sweep, five minutes on: two imports silent for longer than SILENT_AFTER_MS, one for five minutes.
    clock.advance(5 * 60_000);
    await t.rapport.jobs.drain();
    for (const id of [dead, neverStarted]) {
      const row = await statusOf(id);
      expect(row).toMatchObject({ status: 'failed', finished_at: clock.now() });
      expect(row.errors[0]).toEqual({ line: 0, message: ABANDONED_MESSAGE, failure: true });
    }
    expect(await statusOf(alive)).toMatchObject({ status: 'running', finished_at: null });
    const res = await t.request('GET', `/api/imports/${dead}`, { token: owner.token });
    expect(res.body).toMatchObject({ status: 'failed' });
  });
});
