import type { Db } from '../platform/db/database.js';
import { DEFAULT_MODEL, HealthModelSchema, type HealthModel } from './model.js';

/** A workspace's health model and its version: 0 is the built-in default, never stored. */
export interface VersionedModel {
  version: number;
  model: HealthModel;
  note: string;
  createdAt: string | null;
  createdBy: string | null;
}

export const DEFAULT_VERSIONED: VersionedModel = { version: 0, model: DEFAULT_MODEL, note: 'Built-in default', createdAt: null, createdBy: null };

function toVersioned(row: { version: number; model: unknown; note: string; created_at: Date; created_by: string | null }): VersionedModel {
  // Stored models were validated when saved; parsing again fills defaults added since.
  return { version: row.version, model: HealthModelSchema.parse(row.model), note: row.note, createdAt: row.created_at.toISOString(), createdBy: row.created_by };
}

/** The model in force (the latest version), or the one with `version`; undefined when that version does not exist. */
export async function findHealthModel(db: Db, workspaceId: string, version?: number): Promise<VersionedModel | undefined> {
  if (version === 0) return DEFAULT_VERSIONED;
  let query = db.selectFrom('health_models').select(['version', 'model', 'note', 'created_at', 'created_by']).where('workspace_id', '=', workspaceId);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) return version === undefined ? DEFAULT_VERSIONED : undefined;
  return toVersioned(row);
}

/** The model in force: the latest stored version, else the built-in default. */
export async function currentHealthModel(db: Db, workspaceId: string): Promise<VersionedModel> {
  return (await findHealthModel(db, workspaceId)) ?? DEFAULT_VERSIONED;
}

/** Every stored version, newest first, then the default. */
export async function listHealthModels(db: Db, workspaceId: string): Promise<VersionedModel[]> {
  const rows = await db
    .selectFrom('health_models')
    .select(['version', 'model', 'note', 'created_at', 'created_by'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('version', 'desc')
    .execute();
  return [...rows.map(toVersioned), DEFAULT_VERSIONED];
}

/** Stores a new version (one more than the latest) and answers it. */
export async function insertHealthModel(db: Db, workspaceId: string, model: HealthModel, meta: { note: string; userId: string | null; at: Date }): Promise<VersionedModel> {
  const latest = await db.selectFrom('health_models').select((eb) => eb.fn.max('version').as('v')).where('workspace_id', '=', workspaceId).executeTakeFirst();
  const version = Number(latest?.v ?? 0) + 1;
  await db
    .insertInto('health_models')
    .values({ workspace_id: workspaceId, version, model: JSON.stringify(model), note: meta.note, created_by: meta.userId, created_at: meta.at })
    .execute();
  return { version, model, note: meta.note, createdAt: meta.at.toISOString(), createdBy: meta.userId };
}
