import { sql } from 'kysely';
import type { z } from 'zod';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { AppError } from '../platform/errors.js';
import type { FactRef } from './facts.js';
import { describeFacts } from './facts-repo.js';
import { explainChange, type ScoreSnapshot } from './diff.js';
import { ensureFreshAccount, type StoredComponent, type StoredFacts } from './recompute.js';
import { COMPONENT_LABELS } from './score.js';
import { toSnapshot, type SnapshotRow } from './get-health-history.js';
import type { HealthChangeQuerySchema, HealthChangeSchema } from './schemas.js';

const toRef = (stored: string): FactRef => {
  const at = stored.indexOf(':');
  return { kind: stored.slice(0, at) as FactRef['kind'], id: stored.slice(at + 1) };
};

function asScore(row: SnapshotRow | undefined, facts: StoredFacts): ScoreSnapshot {
  if (!row) return { score: 0, components: [] };
  const components = row.components as StoredComponent[];
  return {
    score: Number(row.score),
    components: components.map((c) => ({
      key: c.key,
      label: COMPONENT_LABELS[c.key],
      value: c.value,
      contribution: c.contribution,
      facts: (facts[c.key] ?? []).map(toRef),
    })),
  };
}

/**
 * Why an account's health changed between two snapshots (by default the latest and the last one
 * before it that differs — a day when nothing moved is not a change): each component that moved,
 * by how many points, and the facts that entered or left it.
 */
export async function getHealthChange(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId'>,
  accountId: string,
  query: z.infer<typeof HealthChangeQuerySchema>,
): Promise<z.infer<typeof HealthChangeSchema>> {
  await ensureFreshAccount(deps, actor.workspaceId, accountId);
  const columns = sql`id, seq, as_of::text as as_of, score, band, model_version, cause, computed_at, components`;
  const byId = async (id: string, path: string): Promise<SnapshotRow> => {
    const { rows } = await sql<SnapshotRow>`select ${columns} from health_snapshots
      where workspace_id = ${actor.workspaceId} and account_id = ${accountId} and id = ${id}`.execute(deps.db);
    if (!rows[0]) throw new AppError('not_found', 'Snapshot not found for this account', [{ path, message: 'No such snapshot of this account' }]);
    return rows[0];
  };
  const to = query.to
    ? await byId(query.to, 'query.to')
    : (
        await sql<SnapshotRow>`select ${columns} from health_snapshots where workspace_id = ${actor.workspaceId} and account_id = ${accountId}
          order by seq desc limit 1`.execute(deps.db)
      ).rows[0];
  let from: SnapshotRow | undefined;
  if (query.from) from = await byId(query.from, 'query.from');
  else if (to) {
    from = (
      await sql<SnapshotRow>`select ${columns} from health_snapshots where workspace_id = ${actor.workspaceId} and account_id = ${accountId}
        and seq < ${to.seq} and (score <> ${to.score} or components <> ${JSON.stringify(to.components)}::jsonb)
        order by seq desc limit 1`.execute(deps.db)
    ).rows[0];
  }
  if (from && to && Number(from.seq) > Number(to.seq)) {
    throw new AppError('invalid_input', '`from` must be the earlier snapshot', [{ path: 'query.from', message: 'Later than `to`' }]);
  }
  // A snapshot carries its facts only when they changed: the facts of a snapshot are the last ones written by then.
  const factsAt = async (row: SnapshotRow | undefined): Promise<StoredFacts> => {
    if (!row) return {};
    const { rows } = await sql<{ facts: StoredFacts }>`
      select facts from health_snapshots where workspace_id = ${actor.workspaceId} and account_id = ${accountId}
        and seq <= ${row.seq} and facts is not null order by seq desc limit 1`.execute(deps.db);
    return rows[0]?.facts ?? {};
  };
  const change = explainChange(asScore(from, await factsAt(from)), asScore(to, await factsAt(to)));
  const facts = await describeFacts(deps.db, actor.workspaceId, change.components.flatMap((c) => [...c.factsEntered, ...c.factsLeft]));
  const view = (f: FactRef) => facts.get(`${f.kind}:${f.id}`)!;
  return {
    accountId,
    from: from ? toSnapshot(from) : null,
    to: to ? toSnapshot(to) : null,
    scoreDelta: from && to ? change.delta : 0,
    components: change.components.map((c) => ({
      key: c.key as StoredComponent['key'],
      label: c.label,
      before: c.before,
      after: c.after,
      delta: c.delta,
      valueBefore: c.valueBefore,
      valueAfter: c.valueAfter,
      added: c.factsEntered.map(view),
      removed: c.factsLeft.map(view),
    })),
  };
}
