import { createHash } from 'node:crypto';
import type { Db } from '../platform/db/database.js';
import { newId } from '../platform/ids.js';
import { foldText, searchTextOf, cleanAliases } from '../accounts/account.js';
import { touchpointsRepo } from '../touchpoints/repo.js';
import { eventToTouchpoint, matchParticipants, type ContactRef, type IcsEvent } from '../touchpoints/ics.js';
import type { AccountDraft, AccountRef, ContactDraft, RowError, TouchpointDraft } from './map-row.js';
import { importsRepo, type AccountInsert, type AccountMatch, type ContactInsert, type ContactMatch, type TouchpointInsert } from './repo.js';
import { accountFactsChanged } from '../health/changed.js';
import type { Actor } from '../platform/auth/roles.js';
import { AppError } from '../platform/errors.js';
import { latestToday, lossDayProblem } from '../postmortems/loss.js';
import { markAccountLost } from '../postmortems/mark-lost.js';
import type { LossDraft } from './map-loss.js';

/** A row ready for the database: where it is in the file and what it says. */
export interface BatchRow<T> {
  line: number;
  draft: T;
}

/** What a row did; `note` says more where the outcome alone would mislead (a lost account's record: decision 0021). */
/** `isMarkedLost`: the row's account was recorded lost with its loss record (would be, in a dry run). */
export type RowOutcome = { line: number; result: 'imported' | 'unchanged'; note?: string; isMarkedLost?: true } | { line: number; result: 'failed'; errors: RowError[] };

/** A Map that forgets everything once it holds `limit` entries: memory stays bounded whatever the file's size. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}

/** Known external id prefixes: an id without one may be any system's. */
const SYSTEM_PREFIX = /^(hubspot|salesforce|twenty|csv|ics):/;
const SYSTEMS = ['hubspot', 'salesforce', 'twenty', 'csv'] as const;

/**
 * What an import remembers between batches: the accounts its rows pointed at (so a million
 * touchpoints on a thousand accounts cost a thousand lookups, not a million), and in a dry run the
 * records it would have created, since nothing is written for the next batch to find. Both are
 * bounded; past the bound a dry run may count a far-apart duplicate as new.
 */
export class ImportMemory {
  readonly accounts = new BoundedMap<string, { id: string } | { error: string }>(100_000);
  readonly members = new BoundedMap<string, string | null>(10_000);
  /** Contacts by e-mail (null: no contact has it): the same few people appear in touch after touch. */
  readonly contacts = new BoundedMap<string, ContactRef | null>(100_000);
  readonly wouldCreate = new Set<string>();
  /** Keys of records rows of this import have already decided, written or not (targets: the first row of a target counts). */
  readonly decided = new Set<string>();
  static readonly DRY_RUN_LIMIT = 500_000;

  remember(key: string): void {
    if (this.wouldCreate.size >= ImportMemory.DRY_RUN_LIMIT) this.wouldCreate.clear();
    this.wouldCreate.add(key);
  }

  /** True the first time a key is seen in this import (bounded as `remember`: past the bound a far-apart repeat is new again). */
  firstTime(key: string): boolean {
    if (this.decided.has(key)) return false;
    if (this.decided.size >= ImportMemory.DRY_RUN_LIMIT) this.decided.clear();
    this.decided.add(key);
    return true;
  }
}

export interface BatchContext {
  workspaceId: string;
  /** The member the import acts as: `created_by` of touchpoints. */
  userId: string | null;
  /** Who the import acts as, for the use-cases it runs (marking an account lost records who did it, in the audit log too). */
  actor: Actor;
  at: Date;
  /** False in a dry run: everything is read and decided, nothing written. */
  write: boolean;
  memory: ImportMemory;
}

/** Marks the accounts whose facts the batch changed, for their health to be recomputed. */
export async function factsChanged(db: Db, ctx: BatchContext, accountIds: readonly string[]): Promise<void> {
  await accountFactsChanged({ db, clock: { now: () => ctx.at } }, ctx.workspaceId, accountIds);
}

/** Folded names seen in this process, so a name repeated on a million rows is folded once (NFKD is not cheap). */
const foldedNames = new BoundedMap<string, string>(10_000);
export function foldName(name: string): string {
  let folded = foldedNames.get(name);
  if (folded === undefined) foldedNames.set(name, (folded = foldText(name)));
  return folded;
}

const refKey = (ref: AccountRef) => (ref.by === 'name' ? `name:${foldName(ref.value)}` : `${ref.by}:${ref.value}`);

/** An external id as given, or with every system's prefix when it has none (a CRM id copied by hand). */
function externalCandidates(value: string): string[] {
  return SYSTEM_PREFIX.test(value) ? [value] : [value, ...SYSTEMS.map((s) => `${s}:${value}`)];
}

/**
 * Looks up the accounts these references point at (by id, external id or folded name), in three
 * queries at most, and remembers each answer, a miss included, with the reason a person reads.
 */
export async function resolveAccountRefs(db: Db, ctx: BatchContext, refs: readonly AccountRef[]): Promise<void> {
  const repo = importsRepo(db);
  const todo = new Map<string, AccountRef>();
  for (const ref of refs) if (!ctx.memory.accounts.has(refKey(ref))) todo.set(refKey(ref), ref);
  if (todo.size === 0) return;
  const byId = [...todo.values()].filter((r) => r.by === 'id');
  const byExternal = [...todo.values()].filter((r) => r.by === 'externalId');
  const byName = [...todo.values()].filter((r) => r.by === 'name');

  if (byId.length > 0) {
    const found = await repo.existingAccountIds(ctx.workspaceId, byId.map((r) => r.value));
    for (const ref of byId) ctx.memory.accounts.set(refKey(ref), found.has(ref.value) ? { id: ref.value } : { error: `no account with id ${JSON.stringify(ref.value)} in this workspace` });
  }
  if (byExternal.length > 0) {
    const matches = await repo.matchAccounts(ctx.workspaceId, byExternal.flatMap((r) => externalCandidates(r.value)), []);
    const byExt = new Map(matches.filter((m) => m.external_id).map((m) => [m.external_id as string, m.id]));
    for (const ref of byExternal) {
      const ids = [...new Set(externalCandidates(ref.value).map((c) => byExt.get(c)).filter((id): id is string => id !== undefined))];
      ctx.memory.accounts.set(
        refKey(ref),
        ids.length === 1
          ? { id: ids[0] as string }
          : ids.length > 1
            ? { error: `${ids.length} accounts have the external id ${JSON.stringify(ref.value)} in different systems; write it with its prefix (hubspot:${ref.value})` }
            : { error: `no account with the external id ${JSON.stringify(ref.value)} (import the accounts or companies export first)` },
      );
    }
  }
  if (byName.length > 0) {
    const matches = await repo.matchAccounts(ctx.workspaceId, [], byName.map((r) => foldName(r.value)));
    for (const ref of byName) {
      const named = matches.filter((m) => m.sort_name === foldName(ref.value));
      const open = named.filter((m) => m.archived_at === null);
      const candidates = open.length > 0 ? open : named;
      ctx.memory.accounts.set(
        refKey(ref),
        candidates.length === 1
          ? { id: (candidates[0] as AccountMatch).id }
          : candidates.length > 1
            ? { error: `${candidates.length} accounts are named ${JSON.stringify(ref.value)}; give the account's id instead` }
            : { error: `no account named ${JSON.stringify(ref.value)}` },
      );
    }
  }
}

export function accountOf(ctx: BatchContext, ref: AccountRef): { id: string } | { error: string } {
  return ctx.memory.accounts.get(refKey(ref)) ?? { error: 'not looked up' };
}

/**
 * Accounts: one that exists with the row's external id, or else with its folded name, is a
 * duplicate and left as it is (an account found by name is given the external id, so contacts
 * can find it by the CRM's id); any other is created. A lost row's account is created lost and
 * given its loss record by the use-case that marks an account lost, with its rules (decision
 * 0021). A duplicate lost without a record (imported before imports recorded losses) is given the
 * row's record; any other duplicate keeps its status and its record, and its row says so.
 */
export async function applyAccounts(db: Db, ctx: BatchContext, rows: ReadonlyArray<BatchRow<AccountDraft>>): Promise<RowOutcome[]> {
  const repo = importsRepo(db);
  const matches = await repo.matchAccounts(
    ctx.workspaceId,
    rows.map((r) => r.draft.externalId).filter((e): e is string => e !== null),
    rows.map((r) => foldText(r.draft.name)),
  );
  const byExternal = new Map<string, AccountMatch>();
  const byName = new Map<string, AccountMatch>();
  for (const m of matches) {
    if (m.external_id) byExternal.set(m.external_id, m);
    if (!byName.has(m.sort_name)) byName.set(m.sort_name, m);
  }
  const today = latestToday(ctx.at);
  const outcomes: RowOutcome[] = [];
  const inserts: Array<{ line: number; row: AccountInsert }> = [];
  const links: Array<{ id: string; externalId: string }> = [];
  const losses: PendingLoss[] = [];
  for (const { line, draft } of rows) {
    const sortName = foldText(draft.name);
    const ext = draft.externalId;
    const known = ext ? byExternal.get(ext) : undefined;
    if (ext && (known || ctx.memory.wouldCreate.has(`account:${ext}`))) {
      outcomes.push(duplicateAccount(ctx, line, draft.loss, known, today, losses, outcomes.length));
      continue;
    }
    const named = byName.get(sortName);
    if (named || ctx.memory.wouldCreate.has(`account-name:${sortName}`)) {
      if (ext && named && named.external_id === null) {
        links.push({ id: named.id, externalId: ext });
        named.external_id = ext;
        byExternal.set(ext, named);
      }
      outcomes.push(duplicateAccount(ctx, line, draft.loss, named, today, losses, outcomes.length));
      continue;
    }
    const checked = draft.loss ? checkLoss(draft.loss, null, today) : null;
    if (checked && 'error' in checked) {
      outcomes.push({ line, result: 'failed', errors: [checked.error] });
      continue;
    }
    const id = newId();
    const aliases = cleanAliases(draft.name, draft.aliases);
    inserts.push({
      line,
      row: {
        id,
        externalId: ext,
        name: draft.name,
        sortName,
        aliases,
        searchText: searchTextOf(draft.name, aliases),
        category: draft.category,
        website: draft.website,
        valueAmount: draft.value?.amount ?? null,
        valueCurrency: draft.value?.currency ?? null,
        status: draft.status,
      },
    });
    const created: AccountMatch = { id, external_id: ext, sort_name: sortName, archived_at: null, status: draft.status, started_on: null, lost_on: draft.loss?.lostOn ?? null };
    if (ext) byExternal.set(ext, created);
    byName.set(sortName, created);
    if (!ctx.write) {
      if (ext) ctx.memory.remember(`account:${ext}`);
      ctx.memory.remember(`account-name:${sortName}`);
    }
    if (checked) {
      outcomes.push({ line, result: 'imported', note: `Created lost on ${checked.loss.lostOn}, with its loss record`, isMarkedLost: true });
      losses.push({ index: outcomes.length - 1, accountId: id, loss: checked.loss, isNew: true });
    } else outcomes.push({ line, result: 'imported' });
  }
  if (ctx.write) {
    const inserted = await repo.insertAccounts(ctx.workspaceId, inserts.map((i) => i.row), ctx.at);
    markSkipped(outcomes, inserts.filter((i) => !inserted.has(i.row.id)).map((i) => i.line));
    for (const link of links) await repo.linkAccount(ctx.workspaceId, link.id, link.externalId);
    // An account another import created meanwhile is that import's to mark.
    await recordLosses(db, ctx, outcomes, losses.filter((l) => !l.isNew || inserted.has(l.accountId)));
  }
  return outcomes;
}

/** A loss with its day: one that can be recorded. */
type RecordableLoss = Extract<LossDraft, { lostOn: string }>;

/** A loss to record once the batch's accounts are written: `index` is its row's outcome. */
interface PendingLoss {
  index: number;
  accountId: string;
  loss: RecordableLoss;
  /** Created by this batch (else an account already there, lost without a record). */
  isNew: boolean;
}

const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/**
 * Whether a row's loss can be recorded on an account that began on `startedOn`: it needs its day,
 * and the day must obey the rules of every loss (postmortems/loss.ts); else why not, by column.
 */
function checkLoss(loss: LossDraft, startedOn: string | null, today: string): { loss: RecordableLoss } | { error: RowError } {
  if (loss.lostOn === null) return { error: loss.missingDay };
  const problem = lossDayProblem(loss.lostOn, { startedOn }, today);
  return problem ? { error: { column: loss.lostOnColumn, message: lowerFirst(problem.detail) } } : { loss };
}

/**
 * A row whose account is there already (or, in a dry run, would have been created by an earlier
 * row): unchanged, unless it is lost and the account is lost without a loss record, which is then
 * given the row's (queued in `losses` for the outcome at `index`). `match` is undefined for an
 * account only a dry run's memory holds.
 */
function duplicateAccount(
  ctx: BatchContext,
  line: number,
  loss: LossDraft | null,
  match: AccountMatch | undefined,
  today: string,
  losses: PendingLoss[],
  index: number,
): RowOutcome {
  if (!loss || !match) return { line, result: 'unchanged' };
  if (match.lost_on !== null || ctx.memory.wouldCreate.has(`loss:${match.id}`)) {
    return { line, result: 'unchanged', note: `Already in Rapport${match.lost_on ? `, lost on ${match.lost_on}` : ' and lost'}: its loss record stays as it is` };
  }
  if (match.status !== 'lost') {
    return {
      line,
      result: 'unchanged',
      note: `Already in Rapport as ${match.status.replace('_', ' ')}: an import does not change an account's status, so this loss is not recorded (mark the account lost on its page if it was)`,
    };
  }
  const checked = checkLoss(loss, match.started_on, today);
  if ('error' in checked) return { line, result: 'failed', errors: [checked.error] };
  match.lost_on = checked.loss.lostOn;
  if (!ctx.write) ctx.memory.remember(`loss:${match.id}`);
  losses.push({ index, accountId: match.id, loss: checked.loss, isNew: false });
  return { line, result: 'imported', note: `Already in Rapport as lost, without a loss record: the loss of ${checked.loss.lostOn} is recorded`, isMarkedLost: true };
}

/**
 * Records the batch's losses through `markAccountLost`, in the batch's transaction, at the batch's
 * time. The rows were checked by the same rules already; an account that was there before the
 * batch may have changed since it was read (a start day given meanwhile), and then its row fails
 * with the use-case's reason (it refuses before writing anything).
 */
async function recordLosses(db: Db, ctx: BatchContext, outcomes: RowOutcome[], losses: readonly PendingLoss[]): Promise<void> {
  const deps = { db, clock: { now: () => ctx.at } };
  for (const { index, accountId, loss, isNew } of losses) {
    try {
      await markAccountLost(deps, ctx.actor, accountId, { lostOn: loss.lostOn, reasons: loss.reasons, notes: loss.notes });
    } catch (error) {
      if (isNew || !(error instanceof AppError) || (error.code !== 'invalid_input' && error.code !== 'not_found')) throw error;
      const line = outcomes[index]?.line ?? 0;
      outcomes[index] = { line, result: 'failed', errors: [{ column: loss.lostOnColumn, message: lowerFirst(error.details[0]?.message ?? error.message) }] };
    }
  }
}
/** Rows whose insert found the record already there (another import got there first): duplicates after all. */
function markSkipped(outcomes: RowOutcome[], lines: readonly number[]): void {
  if (lines.length === 0) return;
  const skipped = new Set(lines);
  for (const [i, o] of outcomes.entries()) if (skipped.has(o.line) && o.result === 'imported') outcomes[i] = { line: o.line, result: 'unchanged' };
}

/**
 * Contacts: each must belong to an account that exists, found by the CRM's account id or else by
 * the company name. One that exists with the row's external id, or in that account with one of
 * its e-mail addresses (or, without any address, its name), is a duplicate; any other is created.
 */
export async function applyContacts(db: Db, ctx: BatchContext, rows: ReadonlyArray<BatchRow<ContactDraft>>): Promise<RowOutcome[]> {
  const repo = importsRepo(db);
  await resolveAccountRefs(db, ctx, rows.flatMap((r) => r.draft.accountRefs));
  const outcomes: RowOutcome[] = [];
  const placed: Array<{ line: number; draft: ContactDraft; accountId: string }> = [];
  for (const { line, draft } of rows) {
    let accountId: string | null = null;
    for (const ref of draft.accountRefs) {
      const found = accountOf(ctx, ref);
      if ('id' in found) {
        accountId = found.id;
        break;
      }
    }
    if (accountId) placed.push({ line, draft, accountId });
    else {
      const reasons = draft.accountRefs.map((ref) => accountOf(ctx, ref)).map((f) => ('error' in f ? f.error : ''));
      const column = draft.accountRefs[0]?.column ?? null;
      outcomes.push({ line, result: 'failed', errors: [{ column, message: `the contact's account is unknown: ${reasons.join(', and ')}` }] });
    }
  }
  const matches = await repo.matchContacts(
    ctx.workspaceId,
    placed.map((p) => p.draft.externalId).filter((e): e is string => e !== null),
    placed.map((p) => p.accountId),
    placed.flatMap((p) => p.draft.emails),
    placed.filter((p) => p.draft.emails.length === 0).map((p) => foldText(p.draft.name)),
  );
  const byExternal = new Map<string, ContactMatch>();
  const byEmail = new Map<string, ContactMatch>();
  const byName = new Map<string, ContactMatch>();
  const index = (m: ContactMatch) => {
    if (m.external_id) byExternal.set(m.external_id, m);
    for (const email of m.emails) if (!byEmail.has(`${m.account_id}|${email}`)) byEmail.set(`${m.account_id}|${email}`, m);
    if (!byName.has(`${m.account_id}|${m.sort_name}`)) byName.set(`${m.account_id}|${m.sort_name}`, m);
  };
  matches.forEach(index);
  const inserts: Array<{ line: number; row: ContactInsert }> = [];
  const links: Array<{ id: string; externalId: string }> = [];
  for (const { line, draft, accountId } of placed) {
    const ext = draft.externalId;
    const sortName = foldText(draft.name);
    const remembered = (key: string) => ctx.memory.wouldCreate.has(key);
    if (ext && (byExternal.has(ext) || remembered(`contact:${ext}`))) {
      outcomes.push({ line, result: 'unchanged' });
      continue;
    }
    const existing =
      draft.emails.map((e) => byEmail.get(`${accountId}|${e}`)).find((m) => m !== undefined) ??
      (draft.emails.length === 0 ? byName.get(`${accountId}|${sortName}`) : undefined);
    const rememberedMatch =
      draft.emails.some((e) => remembered(`contact-email:${accountId}|${e}`)) || (draft.emails.length === 0 && remembered(`contact-name:${accountId}|${sortName}`));
    if (existing || rememberedMatch) {
      if (ext && existing && existing.external_id === null) {
        links.push({ id: existing.id, externalId: ext });
        existing.external_id = ext;
        byExternal.set(ext, existing);
      }
      outcomes.push({ line, result: 'unchanged' });
      continue;
    }
    const id = newId();
    inserts.push({ line, row: { id, accountId, externalId: ext, name: draft.name, sortName, emails: draft.emails, phone: draft.phone, title: draft.title } });
    index({ id, account_id: accountId, external_id: ext, emails: draft.emails, sort_name: sortName });
    if (!ctx.write) {
      if (ext) ctx.memory.remember(`contact:${ext}`);
      for (const e of draft.emails) ctx.memory.remember(`contact-email:${accountId}|${e}`);
      if (draft.emails.length === 0) ctx.memory.remember(`contact-name:${accountId}|${sortName}`);
    }
    outcomes.push({ line, result: 'imported' });
  }
  if (ctx.write) {
    const inserted = await repo.insertContacts(ctx.workspaceId, inserts.map((i) => i.row), ctx.at);
    markSkipped(outcomes, inserts.filter((i) => !inserted.has(i.row.id)).map((i) => i.line));
    for (const link of links) await repo.linkContact(ctx.workspaceId, link.id, link.externalId);
    await repo.touchAccounts(ctx.workspaceId, inserts.filter((i) => inserted.has(i.row.id)).map((i) => i.row.accountId), ctx.at);
    await factsChanged(db, ctx, inserts.filter((i) => inserted.has(i.row.id)).map((i) => i.row.accountId));
  }
  return outcomes.sort((a, b) => a.line - b.line);
}

/**
 * The contacts with these e-mails (an active contact before one who left), as a map that holds
 * exactly these e-mails; looked up once per import and remembered, misses included.
 */
async function resolveContacts(db: Db, ctx: BatchContext, emails: readonly string[]): Promise<Map<string, ContactRef>> {
  const wanted = [...new Set(emails)];
  const todo = wanted.filter((e) => !ctx.memory.contacts.has(e));
  if (todo.length > 0) {
    const found = new Map<string, ContactRef>();
    for (const c of await touchpointsRepo(db).contactsByEmail(ctx.workspaceId, todo)) if (!found.has(c.email)) found.set(c.email, { id: c.id, accountId: c.accountId });
    for (const email of todo) ctx.memory.contacts.set(email, found.get(email) ?? null);
  }
  const out = new Map<string, ContactRef>();
  for (const email of wanted) {
    const contact = ctx.memory.contacts.get(email);
    if (contact) out.set(email, contact);
  }
  return out;
}

/** The team members among these e-mails, remembered across batches (a workspace has few). */
export async function resolveMembers(db: Db, ctx: BatchContext, emails: readonly string[]): Promise<void> {
  const todo = [...new Set(emails)].filter((e) => !ctx.memory.members.has(e));
  if (todo.length === 0) return;
  const found = await importsRepo(db).membersByEmail(ctx.workspaceId, todo);
  for (const email of todo) ctx.memory.members.set(email, found.get(email) ?? null);
}

/**
 * A touchpoint's id for rows that bring none: a hash of everything the row says, so importing the
 * same file again finds the same touchpoints, and two identical rows are one touch.
 */
export function contentExternalId(accountId: string, draft: TouchpointDraft): string {
  const facts = [accountId, draft.occurredAt.toISOString(), draft.channel, draft.direction, draft.durationMinutes, draft.subject, draft.summary, [...draft.contactEmails].sort()];
  return `csv:${createHash('sha256').update(JSON.stringify(facts)).digest('base64url').slice(0, 32)}`;
}

/**
 * Touchpoints from CSV rows: the account by id, external id or name, or else the account most of
 * the listed contacts belong to; the contacts are those of the listed e-mails that belong to it.
 */
export async function applyTouchpoints(db: Db, ctx: BatchContext, rows: ReadonlyArray<BatchRow<TouchpointDraft>>): Promise<RowOutcome[]> {
  await resolveAccountRefs(db, ctx, rows.map((r) => r.draft.account).filter((a): a is AccountRef => a !== null));
  const contacts = await resolveContacts(db, ctx, rows.flatMap((r) => r.draft.contactEmails));
  await resolveMembers(db, ctx, rows.flatMap((r) => r.draft.memberEmails));
  const outcomes: RowOutcome[] = [];
  const ready: Array<{ line: number; insert: TouchpointInsert }> = [];
  for (const { line, draft } of rows) {
    let accountId: string;
    let contactIds: string[];
    if (draft.account) {
      const found = accountOf(ctx, draft.account);
      if ('error' in found) {
        outcomes.push({ line, result: 'failed', errors: [{ column: draft.account.column, message: found.error }] });
        continue;
      }
      accountId = found.id;
      contactIds = draft.contactEmails.map((e) => contacts.get(e)).filter((c): c is ContactRef => c?.accountId === accountId).map((c) => c.id);
    } else {
      const match = matchParticipants(draft.contactEmails, contacts);
      if (!match) {
        const shown = draft.contactEmails.slice(0, 5).join(', ') + (draft.contactEmails.length > 5 ? ', …' : '');
        outcomes.push({ line, result: 'failed', errors: [{ column: 'contactEmails', message: `no account given, and none of these is a known contact (${shown})` }] });
        continue;
      }
      accountId = match.accountId;
      contactIds = match.contactIds;
    }
    const unknownMember = draft.memberEmails.find((e) => !ctx.memory.members.get(e));
    if (unknownMember) {
      outcomes.push({ line, result: 'failed', errors: [{ column: 'memberEmails', message: `not a member of this workspace (${JSON.stringify(unknownMember)})` }] });
      continue;
    }
    ready.push({
      line,
      insert: {
        id: newId(),
        accountId,
        channel: draft.channel,
        direction: draft.direction,
        occurredAt: draft.occurredAt,
        durationMinutes: draft.durationMinutes,
        subject: draft.subject,
        summary: draft.summary,
        externalId: draft.externalId ?? contentExternalId(accountId, draft),
        contactIds,
        memberIds: draft.memberEmails.map((e) => ctx.memory.members.get(e)).filter((id): id is string => typeof id === 'string'),
      },
    });
  }
  outcomes.push(...(await storeTouchpoints(db, ctx, ready, 'csv')));
  return outcomes.sort((a, b) => a.line - b.line);
}

/**
 * Stores touchpoints (CSV rows or calendar events), each once: a second row with the same external
 * id in the batch, or one already stored (or, in a dry run, already counted), is a duplicate.
 */
export async function storeTouchpoints(
  db: Db,
  ctx: BatchContext,
  items: ReadonlyArray<{ line: number; insert: TouchpointInsert }>,
  source: 'csv' | 'ics',
): Promise<RowOutcome[]> {
  const repo = importsRepo(db);
  const outcomes: RowOutcome[] = [];
  const seen = new Set<string>();
  const fresh: Array<{ line: number; insert: TouchpointInsert }> = [];
  for (const item of items) {
    if (seen.has(item.insert.externalId)) outcomes.push({ line: item.line, result: 'unchanged' });
    else {
      seen.add(item.insert.externalId);
      fresh.push(item);
    }
  }
  if (ctx.write) {
    const inserted = await repo.insertTouchpoints(ctx.workspaceId, fresh.map((f) => f.insert), { source, createdBy: ctx.userId, at: ctx.at });
    await factsChanged(db, ctx, fresh.filter((f) => inserted.has(f.insert.id)).map((f) => f.insert.accountId));
    for (const f of fresh) outcomes.push({ line: f.line, result: inserted.has(f.insert.id) ? 'imported' : 'unchanged' });
  } else {
    const stored = await repo.existingTouchpointExternalIds(ctx.workspaceId, fresh.map((f) => f.insert.externalId));
    for (const f of fresh) {
      const key = `touchpoint:${f.insert.externalId}`;
      const duplicate = stored.has(f.insert.externalId) || ctx.memory.wouldCreate.has(key);
      if (!duplicate) ctx.memory.remember(key);
      outcomes.push({ line: f.line, result: duplicate ? 'unchanged' : 'imported' });
    }
  }
  return outcomes;
}

/**
 * Calendar occurrences as touchpoints (channel meeting): the account most participants are
 * contacts of, client-initiated when a contact organised it; team members among the participants
 * are the touchpoint's members. An occurrence with no known contact is reported, not stored.
 */
export async function applyEvents(db: Db, ctx: BatchContext, events: ReadonlyArray<{ line: number; event: IcsEvent }>): Promise<RowOutcome[]> {
  const participants = (e: IcsEvent) => [...new Set([...(e.organizer ? [e.organizer] : []), ...e.attendees].map((a) => a.toLowerCase()))];
  const emails = [...new Set(events.flatMap((e) => participants(e.event)))];
  const contacts = await resolveContacts(db, ctx, emails);
  await resolveMembers(db, ctx, emails);
  const outcomes: RowOutcome[] = [];
  const ready: Array<{ line: number; insert: TouchpointInsert }> = [];
  for (const { line, event } of events) {
    const touch = eventToTouchpoint(event, contacts);
    if ('unmatched' in touch) {
      outcomes.push({ line, result: 'failed', errors: [{ column: null, message: `${describeEvent(event)}: ${touch.reason}` }] });
      continue;
    }
    ready.push({
      line,
      insert: {
        id: newId(),
        accountId: touch.accountId,
        channel: 'meeting',
        direction: touch.direction,
        occurredAt: touch.occurredAt,
        durationMinutes: touch.durationMinutes,
        subject: touch.subject,
        summary: touch.summary,
        externalId: touch.externalId,
        contactIds: touch.contactIds,
        memberIds: participants(event).map((e) => ctx.memory.members.get(e)).filter((id): id is string => typeof id === 'string'),
      },
    });
  }
  outcomes.push(...(await storeTouchpoints(db, ctx, ready, 'ics')));
  return outcomes.sort((a, b) => a.line - b.line);
}

/** `"Weekly sync" on 2025-03-04 14:00 UTC`: how a person finds an occurrence in their calendar. */
export function describeEvent(event: IcsEvent): string {
  const when = event.start.toISOString().replace('T', ' ').slice(0, 16);
  return `${JSON.stringify(event.summary.length > 60 ? `${event.summary.slice(0, 57)}...` : event.summary || '(no title)')} on ${when} UTC`;
}
