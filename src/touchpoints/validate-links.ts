import type { Db } from '../platform/db/database.js';
import { invalidInput } from '../platform/errors.js';
import { accountsRepo } from '../accounts/repo.js';
import { touchpointsRepo } from './repo.js';

/**
 * Checks what a touchpoint points at: its account exists in the workspace, its contacts are that
 * account's, its members are members. Names the offending field or array element.
 */
export async function assertTouchpointLinks(
  db: Db,
  workspaceId: string,
  links: { accountId: string; contactIds: readonly string[]; memberIds: readonly string[] },
): Promise<void> {
  const accounts = accountsRepo(db);
  const details: Array<{ path: string; message: string }> = [];
  if (!(await accounts.accountExists(workspaceId, links.accountId))) details.push({ path: 'accountId', message: 'No such account' });
  const contactAccount = await touchpointsRepo(db).contactAccounts(workspaceId, links.contactIds);
  links.contactIds.forEach((id, i) => {
    const accountId = contactAccount.get(id);
    if (!accountId) details.push({ path: `contactIds.${i}`, message: 'No such contact' });
    else if (accountId !== links.accountId) details.push({ path: `contactIds.${i}`, message: 'This contact belongs to another account' });
  });
  const members = await accounts.memberIds(workspaceId, links.memberIds);
  links.memberIds.forEach((id, i) => {
    if (!members.has(id)) details.push({ path: `memberIds.${i}`, message: 'Not a member of this workspace' });
  });
  if (details.length > 0) throw invalidInput(`${details[0]?.path}: ${details[0]?.message}`, details);
}
