import type { Db } from './db/database.js';
import type { Actor } from './auth/roles.js';
import type { Clock } from './clock.js';
import { newId } from './ids.js';

/**
 * Records who changed what and when. Called inside the same transaction as the change, so the log
 * never claims a change that rolled back nor misses one that committed.
 */
export async function recordAudit(
  db: Db,
  clock: Clock,
  actor: Pick<Actor, 'workspaceId' | 'userId' | 'label'>,
  event: { action: string; entityType: string; entityId?: string | null; changes?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      workspace_id: actor.workspaceId,
      id: newId(),
      actor_user_id: actor.userId,
      actor_label: actor.label,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId ?? null,
      changes: JSON.stringify(event.changes ?? {}),
      at: clock.now(),
    })
    .execute();
}

/** The fields whose values differ between two versions of a record, as `{ field: [before, after] }`. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: T): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key], after[key]];
  }
  return changes;
}
