import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { AppError, notFound } from '../platform/errors.js';
import { assemblePostmortem, postmortemWindow } from './postmortem.js';
import { postmortemsRepo } from './repo.js';
import type { PostmortemView } from './schemas.js';

/**
 * The post-mortem of a lost account: what happened in the 180 days before the loss. `not_found`
 * for an unknown account and for one that is not marked lost.
 */
export async function getPostmortem(deps: Deps, actor: Pick<Actor, 'workspaceId'>, accountId: string): Promise<PostmortemView> {
  const repo = postmortemsRepo(deps.db);
  const account = await repo.findAccount(actor.workspaceId, accountId);
  if (!account) throw notFound('Account');
  const loss = await repo.findLoss(actor.workspaceId, accountId);
  if (!loss) throw new AppError('not_found', 'This account is not marked lost');
  const window = postmortemWindow(loss.lostOn);
  const facts = await repo.postmortemFacts(actor.workspaceId, accountId, window);
  return assemblePostmortem({
    account: { id: account.id, name: account.name, cadenceDays: account.cadence_days, since: account.since },
    loss: { lostOn: loss.lostOn, reasons: loss.reasons, notes: loss.notes, recordedBy: loss.recordedBy, recordedAt: loss.recordedAt },
    ...facts,
  });
}
