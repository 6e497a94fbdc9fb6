import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { intakeRepo } from './repo.js';
import type { ListUnmatchedMailsQuery, UnmatchedMailView } from './schemas.js';
import { toUnmatchedMailView } from './unmatched-mail.js';

/** Mail that matched no contact, newest first: pending (the queue to work through) unless asked otherwise. */
export async function listUnmatchedMails(deps: Deps, actor: Pick<Actor, 'workspaceId'>, query: ListUnmatchedMailsQuery): Promise<{ items: UnmatchedMailView[]; nextCursor: string | null }> {
  const page = await intakeRepo(deps.db).listUnmatched(actor.workspaceId, query);
  return { items: page.rows.map(toUnmatchedMailView), nextCursor: page.nextCursor };
}
