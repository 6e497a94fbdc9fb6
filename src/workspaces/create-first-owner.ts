import { sql } from 'kysely';
import { conflict } from '../platform/errors.js';
import { inTransaction, type Deps } from '../platform/deps.js';
import { createUser } from './create-user.js';
import { createWorkspace } from './create-workspace.js';
import { workspacesRepo } from './repo.js';
import type { FirstOwnerInput, WorkspaceView } from './schemas.js';

/**
 * The first-run setup a new team meets in the browser (decision 0024): while this Rapport has no
 * workspace but the demo, anyone who reaches it may create the first user and a workspace they
 * own. The first one made closes it for good (`conflict`); after that people are added by an admin
 * (Settings → Members) or with `rapport user create`. Two visitors racing are serialised by a
 * transaction lock, so only one of them gets in.
 */
export async function createFirstOwner(deps: Deps, input: FirstOwnerInput): Promise<{ userId: string; email: string; workspace: WorkspaceView }> {
  return inTransaction(deps, async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('rapport.setup'))`.execute(tx.db);
    if ((await workspacesRepo(tx.db).setupState()).hasRealWorkspace) {
      throw conflict('Rapport is already set up: sign in, or ask an admin of your workspace to add you');
    }
    const user = await createUser(tx, { email: input.email, name: input.name, password: input.password });
    const workspace = await createWorkspace(tx, { name: input.workspace, ownerUserId: user.id, ownerLabel: user.email });
    return { userId: user.id, email: user.email, workspace };
  });
}
