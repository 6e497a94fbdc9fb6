import { sql } from 'kysely';
import { inTransaction, type Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { recordAudit } from '../platform/audit.js';
import { AppError, notFound } from '../platform/errors.js';
import { toIsoDate } from '../platform/clock.js';
import { findAlert } from './alerts-view.js';
import type { AlertView } from './schemas.js';

const AUDIT_ACTIONS = { acknowledge: 'alert.acknowledged', snooze: 'alert.snoozed', resolve: 'alert.resolved' } as const;

export type AlertAction = { action: 'acknowledge'; note?: string } | { action: 'snooze'; until: string; note?: string } | { action: 'resolve'; note?: string };

/**
 * Acknowledges, snoozes or resolves an alert. Acknowledging records who saw it (the post-mortem
 * asks "did anyone act?"); a snooze hides it until a time, after which it opens again if the rule
 * still holds; resolving by hand closes it and stands for its kind: no new alert of that kind opens
 * for the account while the rule keeps holding, unless it gets worse (a higher severity) — once the
 * rule stops holding, the next time it holds raises a new alert (decision 0012). A resolved alert
 * cannot be acted on (`conflict`).
 */
export async function actOnAlert(deps: Deps, actor: Actor, id: string, input: AlertAction): Promise<AlertView> {
  return inTransaction(deps, async (tx) => {
    // Locked before it is read: two people acting on one alert at once take turns, and the second
    // sees the first's action (a resolve answers the other's snooze with `conflict`, not a resolved
    // alert written back as snoozed).
    const before = await tx.db
      .selectFrom('alerts')
      .select(['state', 'kind', 'account_id as accountId'])
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', id)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('Alert');
    if (before.state === 'resolved') throw new AppError('conflict', 'This alert is already resolved', [{ path: 'state', message: 'Resolved' }]);
    const now = tx.clock.now();
    const note = input.note === undefined ? sql`note` : sql`${input.note}`;
    if (input.action === 'acknowledge') {
      await sql`update alerts set state = 'acknowledged', acknowledged_at = ${now}, acknowledged_by = ${actor.userId}, snoozed_until = null,
        note = ${note}, updated_at = ${now} where workspace_id = ${actor.workspaceId} and id = ${id}`.execute(tx.db);
    } else if (input.action === 'snooze') {
      const until = new Date(input.until);
      if (until <= now) throw new AppError('invalid_input', 'Snooze until a time in the future', [{ path: 'until', message: 'Must be in the future' }]);
      if (until.getTime() - now.getTime() > 366 * 86_400_000) throw new AppError('invalid_input', 'Snooze for at most a year', [{ path: 'until', message: 'At most a year ahead' }]);
      await sql`update alerts set state = 'snoozed', snoozed_until = ${until},
        acknowledged_at = coalesce(acknowledged_at, ${now}), acknowledged_by = coalesce(acknowledged_by, ${actor.userId}::uuid),
        note = ${note}, updated_at = ${now} where workspace_id = ${actor.workspaceId} and id = ${id}`.execute(tx.db);
    } else {
      // One standing dismissal per account and kind: this one replaces an older one.
      await sql`update alerts set cleared_on = ${toIsoDate(now)}::date where workspace_id = ${actor.workspaceId} and account_id = ${before.accountId}
        and kind = ${before.kind} and resolution = 'manual' and cleared_on is null`.execute(tx.db);
      await sql`update alerts set state = 'resolved', resolution = 'manual', resolved_at = ${now}, resolved_by = ${actor.userId},
        note = ${note}, updated_at = ${now} where workspace_id = ${actor.workspaceId} and id = ${id}`.execute(tx.db);
    }
    await recordAudit(tx.db, tx.clock, actor, { action: AUDIT_ACTIONS[input.action], entityType: 'alert', entityId: id, changes: { kind: before.kind, accountId: before.accountId, ...input } });
    return (await findAlert(tx.db, actor.workspaceId, id, now))!;
  });
}
