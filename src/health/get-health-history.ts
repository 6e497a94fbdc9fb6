import { sql } from 'kysely';
import type { z } from 'zod';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { ensureFreshAccount } from './recompute.js';
import type { HealthHistoryQuerySchema, HealthHistorySchema } from './schemas.js';

type Snapshot = z.infer<typeof HealthHistorySchema>['items'][number];

export interface SnapshotRow {
  id: string;
  seq: number;
  as_of: string;
  score: number;
  band: string;
  model_version: number;
  cause: string;
  computed_at: Date;
  components: unknown;
}

export function toSnapshot(r: SnapshotRow): Snapshot {
  return {
    id: r.id,
    asOf: r.as_of,
    score: Number(r.score),
    band: r.band as Snapshot['band'],
    modelVersion: r.model_version,
    cause: r.cause as Snapshot['cause'],
    computedAt: r.computed_at.toISOString(),
  };
}

/** An account's health snapshots between two days, oldest first: one a day and one per change. */
export async function getHealthHistory(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId'>,
  accountId: string,
  query: z.infer<typeof HealthHistoryQuerySchema>,
): Promise<z.infer<typeof HealthHistorySchema>> {
  await ensureFreshAccount(deps, actor.workspaceId, accountId);
  const to = query.to ?? deps.clock.now().toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  const { rows } = await sql<SnapshotRow>`
    select id, seq, as_of::text as as_of, score, band, model_version, cause, computed_at, null as components from health_snapshots
    where workspace_id = ${actor.workspaceId} and account_id = ${accountId} and as_of between ${from}::date and ${to}::date
    order by seq
    limit 5000`.execute(deps.db);
  return { accountId, items: rows.map(toSnapshot) };
}
