import type { Deps } from '../platform/deps.js';
import { notFound } from '../platform/errors.js';
import type { DB } from '../platform/db/schema.js';
import { workspacesRepo } from './repo.js';

/**
 * Every table a workspace owns, in an order that a later import can replay (parents first).
 * A capability that adds a tenant table adds it here, so the export stays complete.
 */
export const TENANT_TABLES = ['accounts', 'account_owners', 'account_conflicts', 'contacts', 'touchpoints', 'touchpoint_contacts', 'touchpoint_members', 'projects', 'deliverables', 'targets', 'incidents', 'imports', 'unmatched_mails', 'health_models', 'health_snapshots', 'alerts', 'account_losses', 'audit_events'] as const satisfies ReadonlyArray<keyof DB>;

export interface WorkspaceExport {
  format: 'rapport-export';
  version: 1;
  exportedAt: string;
  workspace: { id: string; name: string; slug: string };
  members: Array<{ userId: string; email: string; name: string; role: string; joinedAt: string }>;
  tables: Record<string, Array<Record<string, unknown>>>;
}

const camel = (key: string): string => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function toJsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'workspace_id') continue;
    out[camel(key)] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** The whole workspace as one JSON document: members and every row of every tenant table. No secrets. */
export async function exportWorkspace(deps: Deps, workspaceId: string): Promise<WorkspaceExport> {
  const repo = workspacesRepo(deps.db);
  const workspace = await repo.findWorkspaceByIdOrSlug(workspaceId);
  if (!workspace) throw notFound('Workspace');
  const tables: WorkspaceExport['tables'] = {};
  for (const table of TENANT_TABLES) {
    const rows = await deps.db
      .selectFrom(table)
      .selectAll()
      .where('workspace_id', '=', workspace.id)
      .execute();
    tables[table] = rows.map((r) => toJsonRow(r as Record<string, unknown>));
  }
  return {
    format: 'rapport-export',
    version: 1,
    exportedAt: deps.clock.now().toISOString(),
    workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug },
    members: await repo.listMembers(workspace.id),
    tables,
  };
}
