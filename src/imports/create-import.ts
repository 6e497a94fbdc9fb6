import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { newId } from '../platform/ids.js';
import { getImport } from './get-import.js';
import type { ImportPlan } from './plan.js';
import { importsRepo } from './repo.js';
import type { ImportView } from './schemas.js';

export interface CreateImportInput {
  filename: string;
  plan: ImportPlan;
  dryRun: boolean;
  /** The file's size when known: progress is shown as a share of it. */
  bytesTotal: number | null;
}

/** Records an import (status queued) before its rows are read, so its progress can be watched from the start. */
export async function createImport(deps: Deps, actor: Actor, input: CreateImportInput): Promise<ImportView> {
  const id = newId();
  await importsRepo(deps.db).insertImport(actor.workspaceId, {
    id,
    filename: input.filename,
    format: input.plan.format,
    layout: input.plan.format === 'ics' ? 'ics' : input.plan.layout,
    dryRun: input.dryRun,
    bytesTotal: input.bytesTotal,
    mapping: input.plan.format === 'csv' ? input.plan.mapping : null,
    createdBy: actor.userId,
    at: deps.clock.now(),
  });
  return getImport(deps, actor, id);
}
