import type { z } from 'zod';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { encodeCursor } from '../platform/cursor.js';
import { getAccount } from '../accounts/get-account.js';
import { deliveryRepo, type TimelineKey } from '../delivery/repo.js';
import { touchpointsRepo } from './repo.js';
import { TIMELINE_KINDS, type TimelineEntry, type TimelinePageSchema, type TimelineQuerySchema } from './schemas.js';

type TimelineQuery = z.infer<typeof TimelineQuerySchema>;

/**
 * An account's timeline, newest first: touchpoints, project starts, deliverables, targets and
 * incidents in one order by (time, id), paged by one cursor across kinds (survey answers and
 * alerts join as those capabilities arrive). `channel` and `direction` narrow it to touchpoints.
 *
 * First the page's keys (one merged, index-ordered query), then each kind's records by id. Both
 * read one repeatable-read snapshot, so a write in between cannot make them disagree.
 */
export async function getTimeline(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId'>,
  accountId: string,
  query: TimelineQuery,
): Promise<z.infer<typeof TimelinePageSchema>> {
  return inSnapshot(deps, async (tx) => {
    await getAccount(tx, actor, accountId);
    const keys = await deliveryRepo(tx.db).timelineKeys(actor.workspaceId, accountId, {
      sources: query.kind ? [query.kind] : TIMELINE_KINDS,
      channel: query.channel,
      direction: query.direction,
      limit: query.limit,
      cursor: query.cursor,
    });
    const page = keys.slice(0, query.limit);
    const records = await recordsOf(tx, actor.workspaceId, accountId, query, page);
    const items = page.flatMap((key) => {
      const entry = entryOf(key, records);
      return entry ? [entry] : [];
    });
    const last = page.at(-1);
    return { items, nextCursor: keys.length > query.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
  });
}

/** Runs `fn` in one repeatable-read snapshot (or in the caller's transaction, if it has one). */
async function inSnapshot<T>(deps: Deps, fn: (tx: Deps) => Promise<T>): Promise<T> {
  if (deps.db.isTransaction) return fn(deps);
  return deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => fn({ ...deps, db: trx }));
}

/** The records behind a page of keys, by kind and id. */
async function recordsOf(tx: Deps, workspaceId: string, accountId: string, query: TimelineQuery, page: readonly TimelineKey[]) {
  const ids = (kind: TimelineKey['kind']) => page.filter((k) => k.kind === kind).map((k) => k.id);
  const repo = deliveryRepo(tx.db);
  const touchCount = ids('touchpoint').length;
  // The page's touchpoints are the first `touchCount` of the account's (same filters) after the
  // same cursor, in the same order: the touchpoint list reads them whole, in one query.
  const touchpoints =
    touchCount === 0
      ? []
      : (await touchpointsRepo(tx.db).listTouchpoints(workspaceId, { accountId, channel: query.channel, direction: query.direction, limit: touchCount, cursor: query.cursor }))
          .items;
  const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((r) => [r.id, r]));
  return {
    touchpoint: byId(touchpoints),
    project: byId(await repo.projectsByIds(workspaceId, ids('project'))),
    deliverable: byId(await repo.deliverablesByIds(workspaceId, ids('deliverable'), tx.clock.now())),
    target: byId(await repo.targetsByIds(workspaceId, ids('target'))),
    incident: byId(await repo.incidentsByIds(workspaceId, ids('incident'))),
  };
}

/** One entry, or nothing when its record is not there (it cannot be, within one snapshot). */
function entryOf(key: TimelineKey, records: Awaited<ReturnType<typeof recordsOf>>): TimelineEntry | undefined {
  const at = key.at.toISOString();
  switch (key.kind) {
    case 'touchpoint': {
      const touchpoint = records.touchpoint.get(key.id);
      return touchpoint && { kind: 'touchpoint', at, touchpoint };
    }
    case 'project': {
      const project = records.project.get(key.id);
      return project && { kind: 'project', at, project };
    }
    case 'deliverable': {
      const deliverable = records.deliverable.get(key.id);
      return deliverable && { kind: 'deliverable', at, deliverable };
    }
    case 'target': {
      const target = records.target.get(key.id);
      return target && { kind: 'target', at, target };
    }
    case 'incident': {
      const incident = records.incident.get(key.id);
      return incident && { kind: 'incident', at, incident };
    }
  }
}
