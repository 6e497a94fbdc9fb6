import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { describeFacts } from './facts-repo.js';
import { currentHealthModel } from './model-repo.js';
import { ensureFreshAccount } from './recompute.js';
import { computeHealth } from './score.js';
import { loadSignals } from './signals-sql.js';
import type { AccountHealthView } from './schemas.js';
import type { AccountSignals } from './facts.js';
import type { HealthModel } from './model.js';

/**
 * An account's health now, with every component's value, weight, points, sentence and the facts
 * behind it (labelled). A score out of date (facts changed, a new day) is recomputed first, so
 * the snapshot, the alerts and this answer agree. The signals are read once: the recompute hands
 * over those it read when it ran, and only a score that was current has them read here.
 */
export async function getAccountHealth(deps: Deps, actor: Pick<Actor, 'workspaceId'>, accountId: string): Promise<AccountHealthView> {
  let fromRecompute: { signals: AccountSignals; version: number; model: HealthModel } | undefined;
  await ensureFreshAccount(deps, actor.workspaceId, accountId, {
    onSignals: (read, run) => {
      const signals = read.find((s) => s.accountId === accountId);
      if (signals) fromRecompute = { signals, version: run.version, model: run.model };
    },
  });
  const current = await deps.db
    .selectFrom('health_current')
    .select(['as_of', 'computed_at', 'model_version'])
    .where('workspace_id', '=', actor.workspaceId)
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  const { signals, version, model } = fromRecompute ?? (await readSignals(deps, actor.workspaceId, accountId, current.as_of));
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

/** The signals of a score that was current: as of the day it was computed, with the model in force. */
async function readSignals(deps: Deps, workspaceId: string, accountId: string, asOf: string): Promise<{ signals: AccountSignals; version: number; model: HealthModel }> {
  const { version, model } = await currentHealthModel(deps.db, workspaceId);
  const [signals] = await loadSignals(deps.db, workspaceId, asOf, model, { ids: [accountId] });
  if (!signals) throw notFound('Account');
  return { signals, version, model };
}
