import type { Deps } from '../platform/deps.js';
import { inTransaction } from '../platform/deps.js';
import { newId } from '../platform/ids.js';
import { recordAudit } from '../platform/audit.js';
import { workspacesRepo } from './repo.js';
import { slugify } from './slug.js';
import type { WorkspaceView } from './schemas.js';

/** Creates a workspace with `ownerUserId` as its owner; the slug is made unique with a suffix. */
export async function createWorkspace(
  deps: Deps,
  input: { name: string; ownerUserId: string; ownerLabel: string; isDemo?: boolean },
): Promise<WorkspaceView> {
  return inTransaction(deps, async (tx) => {
    const repo = workspacesRepo(tx.db);
    const base = slugify(input.name);
    const taken = await repo.slugsStartingWith(base);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const id = newId();
    const at = tx.clock.now();
    await repo.insertWorkspace({ id, name: input.name.trim(), slug, isDemo: input.isDemo ?? false, at });
    await repo.insertMembership({ workspaceId: id, userId: input.ownerUserId, role: 'owner', at });
    await recordAudit(tx.db, tx.clock, { workspaceId: id, userId: input.ownerUserId, label: input.ownerLabel }, {
      action: 'workspace.created',
      entityType: 'workspace',
      entityId: id,
      changes: { name: input.name },
    });
    return { id, name: input.name.trim(), slug, isDemo: input.isDemo ?? false, role: 'owner' };
  });
}
