import type { z } from 'zod';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { notFound } from '../platform/errors.js';
import { touchpointsRepo } from './repo.js';
import { attentionReasons, computeCadence } from './cadence.js';
import { signalsTouchStats, toTouchStats } from './get-attention-board.js';
import { currentHealthModel } from '../health/model-repo.js';
import { loadSignals } from '../health/signals-sql.js';
import type { AccountCadenceViewSchema } from './attention-schemas.js';

/** One account's cadence: last touches, shares, reasons for attention, and each contact's last touch. */
export async function getAccountCadence(deps: Deps, actor: Pick<Actor, 'workspaceId'>, accountId: string): Promise<z.infer<typeof AccountCadenceViewSchema>> {
  const today = deps.clock.now();
  const repo = touchpointsRepo(deps.db);
  // The same statistics, by the same SQL, as the health score and the attention board.
  const { model } = await currentHealthModel(deps.db, actor.workspaceId);
  const [signals] = await loadSignals(deps.db, actor.workspaceId, today.toISOString().slice(0, 10), model, { ids: [accountId] });
  if (!signals) throw notFound('Account');
  const row = signalsTouchStats(signals);
  const stats = toTouchStats(row);
  const contacts = await repo.contactStats(actor.workspaceId, accountId, today);
  return {
    accountId,
    asOf: today.toISOString(),
    cadenceDays: row.cadence_days,
    cadence: computeCadence(stats, today),
    reasons: attentionReasons(stats, today),
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      role: c.role,
      status: c.status,
      lastTouchAt: c.last_touch_at ? new Date(c.last_touch_at).toISOString() : null,
      lastInitiatedAt: c.last_initiated_at ? new Date(c.last_initiated_at).toISOString() : null,
      touches90: Number(c.touches90),
    })),
  };
}
