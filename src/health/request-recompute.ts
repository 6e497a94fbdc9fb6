import { sql } from 'kysely';
import type { Deps } from '../platform/deps.js';
import { newId } from '../platform/ids.js';
import { HEALTH_QUEUE } from './changed.js';

/** Queues a recompute of every open account of the workspace (once, however often asked before it runs). */
export async function queueFullRecompute(deps: Deps, workspaceId: string): Promise<{ queued: boolean; accounts: number }> {
  const now = deps.clock.now();
  await sql`
    insert into jobs (id, queue, workspace_id, payload, dedupe_key, run_at, max_attempts, created_at)
    values (${newId()}, ${HEALTH_QUEUE}, ${workspaceId}, ${JSON.stringify({ workspaceId, all: true })}::jsonb, ${`all:${workspaceId}`}, ${now}, 5, ${now})
    on conflict (queue, dedupe_key) where status = 'queued' and dedupe_key is not null do nothing`.execute(deps.db);
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from accounts where workspace_id = ${workspaceId} and archived_at is null and status <> 'lost'`.execute(deps.db);
  return { queued: true, accounts: rows[0]?.n ?? 0 };
}
