import { sql } from 'kysely';
import type { Db } from './database.js';

/** Tables whose rows a change locks before it reads them (lockRow). */
export type LockableTable = 'accounts' | 'contacts' | 'touchpoints' | 'projects' | 'deliverables' | 'targets' | 'incidents';

/**
 * Locks a row before a change or deletion, so concurrent writers of it wait and none loses the
 * other's change (a read, then a write of every field from what was read); false when there is no
 * such row. `no key update` (what an UPDATE takes) lets rows that point at it be added meanwhile; a
 * DELETE or a move to another account upgrades it. Lock an account before its contacts: a contact's
 * change updates its account too.
 */
export async function lockRow(db: Db, table: LockableTable, workspaceId: string, id: string): Promise<boolean> {
  const { rows } = await sql`select 1 from ${sql.table(table)} where workspace_id = ${workspaceId} and id = ${id} for no key update`.execute(db);
  return rows.length > 0;
}
