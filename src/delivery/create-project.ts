import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { accountFactsChanged } from '../health/changed.js';
import { checkDateOrder, SPAN_FIELDS } from './delivery.js';
import { deliveryRepo } from './repo.js';
import { assertDeliveryLinks } from './validate-links.js';
import { getProject } from './get-project.js';
import type { CreateProjectInput, ProjectView } from './schemas.js';

/** Records a project (a brief) for an account. */
export async function createProject(deps: Deps, actor: Actor, input: CreateProjectInput): Promise<ProjectView> {
  return inTransaction(deps, async (tx) => {
    const record = {
      accountId: input.accountId,
      name: input.name,
      brief: input.brief,
      budget: input.budget ?? null,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      status: input.status,
    };
    await assertDeliveryLinks(tx.db, actor.workspaceId, { accountId: record.accountId }, checkDateOrder(record.startsOn, record.endsOn, SPAN_FIELDS));
    const id = newId();
    await deliveryRepo(tx.db).insertProject(actor.workspaceId, record, { id, by: actor.userId, at: tx.clock.now() });
    await recordAudit(tx.db, tx.clock, actor, { action: 'project.created', entityType: 'project', entityId: id, changes: { accountId: record.accountId, name: record.name, status: record.status } });
    await accountFactsChanged(tx, actor.workspaceId, [record.accountId]);
    return getProject(tx, actor, id);
  });
}
