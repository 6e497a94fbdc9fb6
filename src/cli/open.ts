import { loadConfig, type Config } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { systemClock } from '../platform/clock.js';
import type { Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { workspacesRepo } from '../workspaces/repo.js';
import { slugify } from '../workspaces/slug.js';

/** Opens and migrates the configured database for a one-off command; the caller closes it. */
export async function openForCommand(config: Config = loadConfig()): Promise<{ database: Database; deps: Deps }> {
  const database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.RAPPORT_DATA_DIR });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { database, deps: { db: database.db, clock: systemClock } };
}

/** A workspace by id, slug or name, as people type it on a command line; undefined when none. */
export async function lookupWorkspace(deps: Deps, key: string) {
  const repo = workspacesRepo(deps.db);
  return (await repo.findWorkspaceByIdOrSlug(key)) ?? (await repo.findWorkspaceBySlug(slugify(key)));
}

/** Like lookupWorkspace, but `not_found` when there is none. */
export async function findWorkspace(deps: Deps, key: string) {
  const workspace = await lookupWorkspace(deps, key);
  if (!workspace) throw new AppError('not_found', `No workspace "${key}"`);
  return workspace;
}
