import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { describeFacts } from './facts-repo.js';
import { currentHealthModel } from './model-repo.js';
import { ensureFreshAccount } from './recompute.js';
import { computeHealth } from './score.js';
import { loadSignals } from './signals-sql.js';
import type { AccountHealthView } from './schemas.js';

/**
 * An account's health now, with every component's value, weight, points, sentence and the facts
 * behind it (labelled). A score out of date (facts changed, a new day) is recomputed first, so
 * the snapshot, the alerts and this answer agree.
 */
export async function getAccountHealth(deps: Deps, actor: Pick<Actor, 'workspaceId'>, accountId: string): Promise<AccountHealthView> {
  await ensureFreshAccount(deps, actor.workspaceId, accountId);
  const current = await deps.db
    .selectFrom('health_current')
    .select(['as_of', 'computed_at', 'model_version'])
    .where('workspace_id', '=', actor.workspaceId)
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  const { version, model } = await currentHealthModel(deps.db, actor.workspaceId);
  const [signals] = await loadSignals(deps.db, actor.workspaceId, current.as_of, model, { ids: [accountId] });
  if (!signals) throw notFound('Account');
  const health = computeHealth(signals, model);
  const facts = await describeFacts(deps.db, actor.workspaceId, health.components.flatMap((c) => c.facts));
  return {
    accountId,
    asOf: current.as_of,
    score: health.score,
    band: health.band,
    modelVersion: version,
    computedAt: current.computed_at.toISOString(),
    components: health.components.map((c) => ({ ...c, facts: c.facts.map((f) => facts.get(`${f.kind}:${f.id}`)!) })),
    missing: health.missing,
    hasData: health.hasData,
    note: health.note,
  };
}
