import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { diffFields, recordAudit } from '../platform/audit.js';
import { notFound } from '../platform/errors.js';
import { accountFactsChanged } from '../health/changed.js';
import { checkDateOrder, SPAN_FIELDS } from './delivery.js';
import { deliveryRepo, type ProjectRecord } from './repo.js';
import { assertDeliveryLinks } from './validate-links.js';
import { getProject } from './get-project.js';
import type { ProjectView, UpdateProjectInput } from './schemas.js';

/**
 * Changes the given fields of a project. A new account takes the project's deliverables, their
 * incidents and its targets along (the foreign keys cascade), so both accounts' facts change.
 */
export async function updateProject(deps: Deps, actor: Actor, id: string, input: UpdateProjectInput): Promise<ProjectView> {
  return inTransaction(deps, async (tx) => {
    const repo = deliveryRepo(tx.db);
    if (!(await repo.lockRow('projects', actor.workspaceId, id))) throw notFound('Project');
    const before = await getProject(tx, actor, id);
    const record: ProjectRecord = {
      accountId: input.accountId ?? before.accountId,
      name: input.name ?? before.name,
      brief: input.brief ?? before.brief,
      budget: input.budget === undefined ? before.budget : input.budget,
      startsOn: input.startsOn === undefined ? before.startsOn : input.startsOn,
      endsOn: input.endsOn === undefined ? before.endsOn : input.endsOn,
      status: input.status ?? before.status,
    };
    const order = checkDateOrder(record.startsOn, record.endsOn, SPAN_FIELDS, input.endsOn === undefined ? 'start' : 'end');
    await assertDeliveryLinks(tx.db, actor.workspaceId, { accountId: record.accountId }, order);
    await repo.updateProject(actor.workspaceId, id, record, tx.clock.now());
    const after = await getProject(tx, actor, id);
    const { updatedAt: _b, ...beforeFields } = before;
    const { updatedAt: _a, ...afterFields } = after;
    await recordAudit(tx.db, tx.clock, actor, { action: 'project.updated', entityType: 'project', entityId: id, changes: diffFields(beforeFields, afterFields) });
    await accountFactsChanged(tx, actor.workspaceId, [before.accountId, after.accountId]);
    return after;
  });
}
