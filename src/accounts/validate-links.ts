import { invalidInput } from '../platform/errors.js';
import type { AccountsRepo } from './repo.js';

/**
 * Checks that every owner is a member of the workspace and every conflict an account in it
 * (and not the account itself); names the offending array element when not.
 */
export async function assertLinksExist(
  repo: AccountsRepo,
  workspaceId: string,
  accountId: string,
  links: { owners?: ReadonlyArray<{ userId: string }> | undefined; conflictIds?: readonly string[] | undefined },
): Promise<void> {
  const details: Array<{ path: string; message: string }> = [];
  if (links.owners?.length) {
    const members = await repo.memberIds(workspaceId, links.owners.map((o) => o.userId));
    const seen = new Set<string>();
    links.owners.forEach((o, i) => {
      if (!members.has(o.userId)) details.push({ path: `owners.${i}.userId`, message: 'Not a member of this workspace' });
      if (seen.has(o.userId)) details.push({ path: `owners.${i}.userId`, message: 'Listed twice' });
      seen.add(o.userId);
    });
  }
  if (links.conflictIds?.length) {
    const existing = await repo.existingAccountIds(workspaceId, links.conflictIds);
    links.conflictIds.forEach((id, i) => {
      if (id === accountId) details.push({ path: `conflictIds.${i}`, message: 'An account cannot conflict with itself' });
      else if (!existing.has(id)) details.push({ path: `conflictIds.${i}`, message: 'No such account' });
    });
  }
  if (details.length > 0) throw invalidInput(`${details[0]?.path}: ${details[0]?.message}`, details);
}
