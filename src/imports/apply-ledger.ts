/**
 * Batches of the delivery ledger's CSV rows (deliverables, targets, incidents) against the
 * database: each row's account found as a touchpoint's is (by Rapport id, external id or name;
 * remembered for the whole import), its project, deliverable and owner looked up per batch in a
 * few queries, duplicates told by content (layouts.ts says how, kind by kind), the new rows written
 * in bulk, and the accounts whose facts changed marked for their health to be recomputed — all in
 * the batch's transaction. A dry run decides the same way and writes nothing; what it would have
 * created is remembered so that later duplicates in the file count as duplicates.
 */
import type { Db } from '../platform/db/database.js';
import { isUuid, newId } from '../platform/ids.js';
import { settleProgress } from '../delivery/delivery.js';
import { deliveryRepo } from '../delivery/repo.js';
import { accountOf, factsChanged, foldName, resolveAccountRefs, resolveMembers, type BatchContext, type BatchRow, type RowOutcome } from './apply-batch.js';
import type { AccountRef } from './map-row.js';
import type { DeliverableDraft, IncidentDraft, NamedRef, TargetDraft } from './map-ledger-row.js';
import { importsRepo, type DeliverableInsert, type DeliverableMatch, type IncidentInsert, type TargetInsert, type TargetMatch } from './repo.js';

const REF_KINDS: Record<AccountRef['by'], string> = { id: 'Rapport id', externalId: 'external id', name: 'name' };

/**
 * The row's account: the first of its references that finds one. When none does, one reason: an
 * ambiguity if there is one (two accounts of that name), else which ways it was looked for.
 */
function ledgerAccount(ctx: BatchContext, refs: readonly AccountRef[]): { id: string } | { column: string | null; message: string } {
  const errors: string[] = [];
  for (const ref of refs) {
    const found = accountOf(ctx, ref);
    if ('id' in found) return found;
    errors.push(found.error);
  }
  const column = refs[0]?.column ?? null;
  const ambiguous = errors.find((e) => !e.startsWith('no account'));
  if (ambiguous) return { column, message: ambiguous };
  const values = [...new Set(refs.map((r) => r.value))];
  if (values.length === 1 && refs.length > 1) {
    const ways = refs.map((r) => REF_KINDS[r.by]);
    return { column, message: `unknown account ${JSON.stringify(values[0])}: no account has this ${ways.slice(0, -1).join(', ')} or ${ways.at(-1)}` };
  }
  return { column, message: `unknown account: ${errors.join(', and ')}` };
}

const failed = (line: number, column: string | null, message: string): RowOutcome => ({ line, result: 'failed', errors: [{ column, message }] });

/** A row whose account is known. */
interface Placed<T> {
  line: number;
  draft: T;
  accountId: string;
}

/** Finds each row's account; the rows with none are failed in `outcomes`. */
async function placeRows<T extends { accountRefs: AccountRef[] }>(db: Db, ctx: BatchContext, rows: ReadonlyArray<BatchRow<T>>, outcomes: RowOutcome[]): Promise<Array<Placed<T>>> {
  await resolveAccountRefs(db, ctx, rows.flatMap((r) => r.draft.accountRefs));
  const placed: Array<Placed<T>> = [];
  for (const { line, draft } of rows) {
    const account = ledgerAccount(ctx, draft.accountRefs);
    if ('id' in account) placed.push({ line, draft, accountId: account.id });
    else outcomes.push(failed(line, account.column, account.message));
  }
  return placed;
}

/** The projects of these accounts by account and folded name (a name two projects share holds both). */
async function projectIndex(db: Db, ctx: BatchContext, accountIds: readonly string[]): Promise<Map<string, string[]>> {
  const index = new Map<string, string[]>();
  for (const p of await importsRepo(db).projectsOfAccounts(ctx.workspaceId, accountIds)) {
    const key = `${p.account_id}|${foldName(p.name)}`;
    index.set(key, [...(index.get(key) ?? []), p.id]);
  }
  return index;
}

const projectKey = (accountId: string, ref: NamedRef) => `${accountId}|${foldName(ref.value)}`;
const ambiguousProject = (ref: NamedRef, n: number) => `${n} projects of this account are named ${JSON.stringify(ref.value)}: rename one of them in Rapport`;

/** Every ledger batch that writes holds the workspace's ledger lock (repo.ts says why). */
async function begin(db: Db, ctx: BatchContext): Promise<void> {
  if (ctx.write) await importsRepo(db).lockLedger(ctx.workspaceId);
}

/**
 * Deliverables: on the row's account, in its project (found by name, or created — active, no
 * brief — when the account has none of that name), owned by a workspace member when one is named.
 * One already there with the same account, project, title (folded) and due day (UTC) is left as
 * it is; so is a second row of the same deliverable. The status settles with the times as the API
 * settles it (`settleProgress`), the import's time stamping a status sent without its time.
 */
export async function applyDeliverables(db: Db, ctx: BatchContext, rows: ReadonlyArray<BatchRow<DeliverableDraft>>): Promise<RowOutcome[]> {
  await begin(db, ctx);
  const repo = importsRepo(db);
  const outcomes: RowOutcome[] = [];
  const placed = await placeRows(db, ctx, rows, outcomes);
  await resolveMembers(db, ctx, placed.flatMap((p) => (p.draft.ownerEmail ? [p.draft.ownerEmail.value] : [])));
  const projects = await projectIndex(db, ctx, placed.map((p) => p.accountId));

  /** Projects this batch creates: key → id, name and account. */
  const created = new Map<string, { id: string; name: string; accountId: string }>();
  const ready: Array<Placed<DeliverableDraft> & { projectId: string; ownerId: string | null; key: string }> = [];
  for (const p of placed) {
    const owner = p.draft.ownerEmail;
    const ownerId = owner ? ctx.memory.members.get(owner.value) : null;
    if (owner && !ownerId) {
      outcomes.push(failed(p.line, owner.column, `not a member of this workspace (${JSON.stringify(owner.value)})`));
      continue;
    }
    const pKey = projectKey(p.accountId, p.draft.project);
    const found = projects.get(pKey) ?? [];
    if (found.length > 1) {
      outcomes.push(failed(p.line, p.draft.project.column, ambiguousProject(p.draft.project, found.length)));
      continue;
    }
    let projectId = found[0];
    if (projectId === undefined) {
      // A dry run creates nothing: a stand-in id, the same for every row of that project, so duplicates are still told.
      const fresh = created.get(pKey) ?? { id: ctx.write ? newId() : `new:${pKey}`, name: p.draft.project.value, accountId: p.accountId };
      created.set(pKey, fresh);
      projectId = fresh.id;
    }
    const day = p.draft.dueAt.toISOString().slice(0, 10);
    ready.push({ ...p, projectId, ownerId: ownerId ?? null, key: `${p.accountId}|${projectId}|${foldName(p.draft.title)}|${day}` });
  }

  const existing = new Set<string>();
  const stored = await repo.deliverablesDueOn(
    ctx.workspaceId,
    ready.filter((r) => !created.has(projectKey(r.accountId, r.draft.project))).map((r) => r.projectId),
    ready.map((r) => r.draft.dueAt.toISOString().slice(0, 10)),
  );
  for (const d of stored) existing.add(`${d.account_id}|${d.project_id}|${foldName(d.title)}|${d.due_at.toISOString().slice(0, 10)}`);
  // A row with an external id is the same deliverable as the stored one with that id, whatever else changed.
  const known = await repo.deliverableExternalIds(ctx.workspaceId, ready.flatMap((r) => (r.draft.externalId ? [r.draft.externalId] : [])));

  const inserts: DeliverableInsert[] = [];
  const batch = new Set<string>();
  for (const r of ready) {
    const ext = r.draft.externalId;
    const seenExt = ext !== null && (known.has(ext) || batch.has(`ext:${ext}`) || ctx.memory.wouldCreate.has(`deliverable-ext:${ext}`));
    if (seenExt || existing.has(r.key) || batch.has(r.key) || ctx.memory.wouldCreate.has(`deliverable:${r.key}`)) {
      outcomes.push({ line: r.line, result: 'unchanged' });
      continue;
    }
    batch.add(r.key);
    if (ext !== null) batch.add(`ext:${ext}`);
    if (!ctx.write) {
      ctx.memory.remember(`deliverable:${r.key}`);
      if (ext !== null) ctx.memory.remember(`deliverable-ext:${ext}`);
    }
    const { progress } = settleProgress(undefined, r.draft.progress, ctx.at);
    inserts.push({ id: newId(), accountId: r.accountId, projectId: r.projectId, title: r.draft.title, ownerId: r.ownerId, dueAt: r.draft.dueAt, ...progress, notes: r.draft.notes, externalId: ext });
    outcomes.push({ line: r.line, result: 'imported' });
  }

  if (ctx.write) {
    const delivery = deliveryRepo(db);
    for (const p of created.values()) {
      await delivery.insertProject(
        ctx.workspaceId,
        { accountId: p.accountId, name: p.name, brief: '', budget: null, startsOn: null, endsOn: null, status: 'active' },
        { id: p.id, by: ctx.userId, at: ctx.at },
      );
    }
    await repo.insertDeliverables(ctx.workspaceId, inserts, { createdBy: ctx.userId, at: ctx.at });
    await factsChanged(db, ctx, [...inserts.map((i) => i.accountId), ...[...created.values()].map((p) => p.accountId)]);
  }
  return outcomes.sort((a, b) => a.line - b.line);
}

/**
 * KPI targets: on the row's account, of one of its projects when one is named (a project that is
 * not there fails the row: targets do not create projects). A target already there with the same
 * account, metric (folded) and period is not added again; a non-empty actual that differs from
 * the stored one replaces it (counted as imported), nothing else of it changes. The first row of a
 * target in the file decides; later rows of it are unchanged, so a second import changes nothing.
 */
export async function applyTargets(db: Db, ctx: BatchContext, rows: ReadonlyArray<BatchRow<TargetDraft>>): Promise<RowOutcome[]> {
  await begin(db, ctx);
  const repo = importsRepo(db);
  const outcomes: RowOutcome[] = [];
  const placed = await placeRows(db, ctx, rows, outcomes);
  const projects = await projectIndex(db, ctx, placed.filter((p) => p.draft.project).map((p) => p.accountId));
  const stored = await repo.targetsStartingOn(ctx.workspaceId, placed.map((p) => p.accountId), placed.map((p) => p.draft.periodStart));
  const existing = new Map<string, TargetMatch>();
  for (const t of stored) {
    const key = `${t.account_id}|${foldName(t.metric)}|${t.period_start}|${t.period_end}`;
    // The oldest of any twins made by hand is the one an import keeps up to date.
    if (!existing.has(key)) existing.set(key, t);
  }

  const inserts: TargetInsert[] = [];
  const updates: Array<{ id: string; actual: number; accountId: string }> = [];
  for (const { line, draft, accountId } of placed) {
    let projectId: string | null = null;
    if (draft.project) {
      const found = projects.get(projectKey(accountId, draft.project)) ?? [];
      if (found.length !== 1) {
        outcomes.push(
          failed(
            line,
            draft.project.column,
            found.length > 1
              ? ambiguousProject(draft.project, found.length)
              : `no project named ${JSON.stringify(draft.project.value)} on this account (targets do not create projects: import the deliverables first, or leave it empty)`,
          ),
        );
        continue;
      }
      projectId = found[0] ?? null;
    }
    const key = `${accountId}|${foldName(draft.metric)}|${draft.periodStart}|${draft.periodEnd}`;
    if (!ctx.memory.firstTime(`target:${key}`)) {
      outcomes.push({ line, result: 'unchanged' });
      continue;
    }
    const match = existing.get(key);
    if (match) {
      if (draft.actual !== null && draft.actual !== match.actual) {
        updates.push({ id: match.id, actual: draft.actual, accountId });
        outcomes.push({ line, result: 'imported' });
      } else outcomes.push({ line, result: 'unchanged' });
      continue;
    }
    inserts.push({ id: newId(), accountId, projectId, metric: draft.metric, periodStart: draft.periodStart, periodEnd: draft.periodEnd, goal: draft.goal, actual: draft.actual, higherIsBetter: draft.higherIsBetter });
    outcomes.push({ line, result: 'imported' });
  }

  if (ctx.write) {
    await repo.insertTargets(ctx.workspaceId, inserts, { createdBy: ctx.userId, at: ctx.at });
    await repo.updateTargetActuals(ctx.workspaceId, updates, ctx.at);
    await factsChanged(db, ctx, [...inserts.map((i) => i.accountId), ...updates.map((u) => u.accountId)]);
  }
  return outcomes.sort((a, b) => a.line - b.line);
}

/**
 * The deliverable an incident names: by Rapport id (one of the account's), else by title within
 * the account (folded; a title two of its deliverables share fails the row: the id settles it).
 */
function findDeliverable(ref: NamedRef, accountId: string, byId: Map<string, DeliverableMatch>, byTitle: Map<string, string[]>): { id: string } | { message: string } {
  if (isUuid(ref.value)) {
    const found = byId.get(ref.value.toLowerCase());
    if (found) return found.account_id === accountId ? { id: found.id } : { message: `the deliverable ${ref.value} belongs to another account` };
  }
  const ids = byTitle.get(`${accountId}|${foldName(ref.value)}`) ?? [];
  if (ids.length === 1) return { id: ids[0] as string };
  if (ids.length > 1) return { message: `${ids.length} deliverables of this account are titled ${JSON.stringify(ref.value)}: give the deliverable's Rapport id instead` };
  return { message: `no deliverable titled ${JSON.stringify(ref.value)} on this account` };
}

/**
 * Quality incidents: on the row's account, about one of its deliverables when one is named. One
 * already there with the same account, kind, time and description is left as it is; so is a
 * second row of the same incident.
 */
export async function applyIncidents(db: Db, ctx: BatchContext, rows: ReadonlyArray<BatchRow<IncidentDraft>>): Promise<RowOutcome[]> {
  await begin(db, ctx);
  const repo = importsRepo(db);
  const outcomes: RowOutcome[] = [];
  const placed = await placeRows(db, ctx, rows, outcomes);
  const naming = placed.filter((p) => p.draft.deliverable);
  const deliverables = await repo.deliverablesOfAccounts(
    ctx.workspaceId,
    naming.map((p) => p.accountId),
    naming.map((p) => p.draft.deliverable?.value ?? '').filter(isUuid).map((v) => v.toLowerCase()),
  );
  const byId = new Map(deliverables.map((d) => [d.id, d]));
  const byTitle = new Map<string, string[]>();
  for (const d of deliverables) {
    const key = `${d.account_id}|${foldName(d.title)}`;
    byTitle.set(key, [...(byTitle.get(key) ?? []), d.id]);
  }
  const stored = await repo.incidentsAt(ctx.workspaceId, placed.map((p) => p.accountId), placed.map((p) => p.draft.occurredAt));
  const keyOf = (accountId: string, kind: string, at: Date, description: string) => JSON.stringify([accountId, kind, at.toISOString(), description]);
  const existing = new Set(stored.map((i) => keyOf(i.account_id, i.kind, i.occurred_at, i.description)));

  const inserts: IncidentInsert[] = [];
  const batch = new Set<string>();
  for (const { line, draft, accountId } of placed) {
    let deliverableId: string | null = null;
    if (draft.deliverable) {
      const found = findDeliverable(draft.deliverable, accountId, byId, byTitle);
      if ('message' in found) {
        outcomes.push(failed(line, draft.deliverable.column, found.message));
        continue;
      }
      deliverableId = found.id;
    }
    const key = keyOf(accountId, draft.kind, draft.occurredAt, draft.description);
    if (existing.has(key) || batch.has(key) || ctx.memory.wouldCreate.has(`incident:${key}`)) {
      outcomes.push({ line, result: 'unchanged' });
      continue;
    }
    batch.add(key);
    if (!ctx.write) ctx.memory.remember(`incident:${key}`);
    inserts.push({ id: newId(), accountId, deliverableId, kind: draft.kind, severity: draft.severity, description: draft.description, occurredAt: draft.occurredAt });
    outcomes.push({ line, result: 'imported' });
  }

  if (ctx.write) {
    await repo.insertIncidents(ctx.workspaceId, inserts, { createdBy: ctx.userId, at: ctx.at });
    await factsChanged(db, ctx, inserts.map((i) => i.accountId));
  }
  return outcomes.sort((a, b) => a.line - b.line);
}
