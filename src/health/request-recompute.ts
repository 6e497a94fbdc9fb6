import { sql } from 'kysely';
import type { Deps } from '../platform/deps.js';
import { insertJob } from '../platform/jobs/queue.js';
import { HEALTH_QUEUE } from './changed.js';

/** Queues a recompute of every open account of the workspace (once, however often asked before it runs). */
export async function queueRecomputeAll(deps: Deps, workspaceId: string): Promise<void> {
  await insertJob(deps.db, deps.clock.now(), { queue: HEALTH_QUEUE, workspaceId, payload: { workspaceId, all: true }, dedupeKey: `all:${workspaceId}` });
}

/** The same, answering how many accounts it will cover (POST /api/health/recompute). */
export async function queueFullRecompute(deps: Deps, workspaceId: string): Promise<{ queued: boolean; accounts: number }> {
  await queueRecomputeAll(deps, workspaceId);
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from accounts where workspace_id = ${workspaceId} and archived_at is null and status <> 'lost'`.execute(deps.db);
  return { queued: true, accounts: rows[0]?.n ?? 0 };
}
