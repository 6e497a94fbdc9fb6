import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { summarizeLossReasons } from './reasons.js';
import { postmortemsRepo } from './repo.js';
import type { LossReportQuery, LossReportView } from './schemas.js';

/** The portfolio's loss reasons: per reason how many lost accounts gave it and their value, and the lost accounts. */
export async function getLossReport(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: LossReportQuery): Promise<LossReportView> {
  const losses = await postmortemsRepo(deps.db).listLosses(actor.workspaceId, query);
  return { from: query.from ?? null, to: query.to ?? null, ...summarizeLossReasons(losses) };
}
