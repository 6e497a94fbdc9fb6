import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { forbidden } from '../platform/errors.js';
import { hasRole } from '../platform/auth/roles.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';

export interface AuditEventView {
  id: string;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, unknown>;
}

/** The audit log, newest first, for admins and owners. */
export async function listAuditEvents(
  deps: Deps,
  actor: Actor,
  input: { limit: number; cursor?: string | undefined; entityType?: string | undefined; entityId?: string | undefined },
): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  if (!hasRole(actor.role, 'admin')) throw forbidden('Only admins and owners read the audit log');
  let query = deps.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', actor.workspaceId);
  if (input.entityType) query = query.where('entity_type', '=', input.entityType);
  if (input.entityId) query = query.where('entity_id', '=', input.entityId);
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor, 'time');
    query = query.where((eb) => eb.or([eb('at', '<', new Date(at)), eb.and([eb('at', '=', new Date(at)), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(input.limit + 1).execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorUserId: r.actor_user_id,
      actorLabel: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      changes: r.changes,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null,
  };
}
