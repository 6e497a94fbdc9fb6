import type { Db } from '../platform/db/database.js';
import { invalidInput, type ErrorDetail } from '../platform/errors.js';
import { accountsRepo } from '../accounts/repo.js';
import { deliveryRepo } from './repo.js';

/** What a delivery row points at; each link is checked only when given (null: none). */
export interface DeliveryLinks {
  /** The account the row is on (projects, targets, incidents). */
  accountId?: string | undefined;
  /** A deliverable's project (its account follows), or a target's optional project (on `accountId`). */
  projectId?: string | null | undefined;
  /** An incident's optional deliverable, which must be on `accountId`. */
  deliverableId?: string | null | undefined;
  /** A deliverable's owner: a member of the workspace. */
  ownerId?: string | null | undefined;
}

/**
 * Checks what a delivery row points at, in the write's transaction (the rows found are locked
 * against deletion until it ends), together with `problems` found before, and throws one
 * `invalid_input` naming every offending field. Answers the project's account, if a project was
 * named: a deliverable's account.
 */
export async function assertDeliveryLinks(db: Db, workspaceId: string, links: DeliveryLinks, problems: readonly ErrorDetail[] = []): Promise<{ projectAccountId: string | undefined }> {
  const repo = deliveryRepo(db);
  const details: ErrorDetail[] = [...problems];
  if (links.accountId !== undefined && !(await repo.accountExists(workspaceId, links.accountId))) {
    details.push({ path: 'accountId', message: 'No such account' });
  }
  let projectAccountId: string | undefined;
  if (links.projectId) {
    projectAccountId = await repo.projectAccount(workspaceId, links.projectId);
    if (!projectAccountId) details.push({ path: 'projectId', message: 'No such project' });
    else if (links.accountId !== undefined && projectAccountId !== links.accountId) details.push({ path: 'projectId', message: 'This project belongs to another account' });
  }
  if (links.deliverableId) {
    const deliverableAccountId = await repo.deliverableAccount(workspaceId, links.deliverableId);
    if (!deliverableAccountId) details.push({ path: 'deliverableId', message: 'No such deliverable' });
    else if (deliverableAccountId !== links.accountId) details.push({ path: 'deliverableId', message: 'This deliverable belongs to another account' });
  }
  if (links.ownerId && !(await accountsRepo(db).memberIds(workspaceId, [links.ownerId])).has(links.ownerId)) {
    details.push({ path: 'ownerId', message: 'Not a member of this workspace' });
  }
  const first = details[0];
  if (first) throw invalidInput(`${first.path}: ${first.message}`, details);
  return { projectAccountId };
}
