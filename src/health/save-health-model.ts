import type { z } from 'zod';
import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { insertHealthModel, type VersionedModel } from './model-repo.js';
import { queueRecomputeAll } from './request-recompute.js';
import type { SaveModelSchema } from './schemas.js';

/**
 * Saves a new version of the workspace's health model (weights, windows, bands, thresholds) and
 * queues a recompute of every open account with it. Earlier versions stay, for the backtest to
 * compare and for every snapshot to name the version it was computed with.
 */
export async function saveHealthModel(deps: Deps, actor: Actor, input: z.infer<typeof SaveModelSchema>): Promise<VersionedModel> {
  return inTransaction(deps, async (tx) => {
    const saved = await insertHealthModel(tx.db, actor.workspaceId, input.model, { note: input.note, userId: actor.userId, at: tx.clock.now() });
    await recordAudit(tx.db, tx.clock, actor, { action: 'health_model.saved', entityType: 'health_model', entityId: null, changes: { version: saved.version, note: input.note } });
    await queueRecomputeAll(tx, actor.workspaceId);
    return saved;
  });
}
