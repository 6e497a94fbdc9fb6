import { Readable } from 'node:stream';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { parseIcs, type InvalidEvent } from '../touchpoints/ics.js';
import { applyEvents, describeEvent, ImportMemory, type BatchContext, type BatchRow, type RowOutcome } from './apply-batch.js';
import { APPLIERS } from './run-import.js';
import type { DeliverableDraft, IncidentDraft, TargetDraft } from './map-ledger-row.js';
import { readCsv } from './csv-reader.js';
import type { DateOrder } from './dates.js';
import {
  ALL_FIELDS,
  checkMapping,
  detectDelimiter,
  detectFormat,
  detectLayout,
  FIELDS,
  IMPORT_KINDS,
  kindOfMapping,
  LAYOUT_LABELS,
  normalizeHeader,
  suggestMapping,
  type ColumnMapping,
  type ImportKind,
  type LayoutId,
  type MappingProblem,
} from './layouts.js';
import { bindColumns, describeRowErrors, isBlankRow, mapRow, type AccountDraft, type ContactDraft, type Draft, type TouchpointDraft } from './map-row.js';
import { planImport, readHeader } from './plan.js';
import { importsRepo } from './repo.js';
import { FALLBACK_CURRENCY, PREVIEW_ROWS, type ImportPreview } from './schemas.js';

export interface PreviewInput {
  mapping?: ColumnMapping | undefined;
  kind?: ImportKind | undefined;
  dateOrder?: DateOrder | undefined;
  currency?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

const FIELDS_BY_KIND: Record<string, string[]> = Object.fromEntries(IMPORT_KINDS.map((kind) => [kind, [...FIELDS[kind]]]));

/**
 * How a file would be imported, from its first part: format and layout, the header and the
 * column → field mapping (detected, or the one given), and the first rows on Rapport's fields with
 * what importing each would do (new, unchanged, failed and why), decided against the workspace
 * exactly as a dry run decides. A header that matches no layout is not an error here: the answer
 * lists the problems and the raw rows, so the mapping can be chosen.
 */
export async function previewImport(deps: Deps, actor: Actor, text: string, input: PreviewInput): Promise<ImportPreview> {
  const ctx: BatchContext = { workspaceId: actor.workspaceId, userId: actor.userId, actor, at: deps.clock.now(), write: false, memory: new ImportMemory() };
  if (detectFormat(text) === 'ics') return previewIcs(deps, ctx, text, input);

  const body = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(body.split(/\r\n|\n|\r/, 1)[0] ?? '');
  const header = await readHeader(text, delimiter);
  const layout = detectLayout(header);
  const given = input.mapping ? Object.fromEntries(Object.entries(input.mapping).map(([c, f]) => [normalizeHeader(c), f])) : undefined;
  const suggested = suggestMapping(layout, header);
  const mapping: ColumnMapping = given ? { ...Object.fromEntries(Object.keys(suggested).map((c) => [c, null])), ...given } : suggested;
  const hasMapping = Object.values(mapping).some((f) => f !== null);
  // Nothing mapped and no layout: the kind is still open (not accounts by default), so every field stays on offer.
  const kind: ImportKind | null = input.kind ?? (given && (hasMapping || layout) ? kindOfMapping(given, layout?.kind ?? null) : (layout?.kind ?? null));
  const problems: MappingProblem[] = [];
  if (header.every((h) => h === '')) problems.push({ path: 'header', message: 'The first line (the header) is empty' });
  else if (!kind) problems.push({ path: 'header', message: 'The columns match no layout Rapport knows: map them to fields' });
  else problems.push(...checkMapping(mapping, header, kind));
  const keepsLayout = layout !== null && layout.kind === kind;
  const layoutId: LayoutId | null = kind ? (keepsLayout ? layout.id : `custom_${kind}`) : null;
  const system = keepsLayout ? layout.system : 'csv';

  const records: Array<{ line: number; fields: string[] }> = [];
  const reader = readCsv(Readable.from([Buffer.from(text)]), { delimiter });
  let first = true;
  for await (const record of reader.records) {
    if (first) {
      first = false;
      continue;
    }
    if (isBlankRow(record.fields)) continue;
    records.push(record);
    if (records.length >= PREVIEW_ROWS) break;
  }

  let rows: ImportPreview['rows'];
  if (!kind || problems.length > 0) {
    // No verdict per row while the file-level problems stand: each row would fail for the same reason, said once above.
    rows = records.map((r) => ({ line: r.line, values: Object.fromEntries(header.map((h, i) => [h || `column ${i + 1}`, r.fields[i] ?? ''])), outcome: null, errors: [], notes: [] }));
  } else {
    const bindings = bindColumns(header, mapping);
    const good: Array<BatchRow<Draft>> = [];
    const results = new Map<number, { values: Record<string, unknown>; errors: string[]; outcome: 'new' | 'unchanged' | 'failed'; notes: string[] }>();
    for (const r of records) {
      const mapped = mapRow(r.fields, bindings, { kind, system, headerLength: header.length, dateOrder: input.dateOrder, currency: input.currency });
      if (mapped.ok) {
        good.push({ line: r.line, draft: mapped.draft });
        results.set(r.line, { values: valuesOf(kind, mapped.draft), errors: [], outcome: 'new', notes: [] });
      } else {
        const values = Object.fromEntries(bindings.map((b) => [b.field, r.fields[b.index] ?? '']));
        results.set(r.line, { values, errors: [describeRowErrors(mapped.errors)], outcome: 'failed', notes: [] });
      }
    }
    const outcomes = await decide(deps, ctx, kind, good);
    for (const o of outcomes) {
      const row = results.get(o.line);
      if (!row) continue;
      if (o.result === 'failed') {
        row.outcome = 'failed';
        row.errors.push(describeRowErrors(o.errors));
      } else {
        row.outcome = o.result === 'imported' ? 'new' : 'unchanged';
        if (o.note) row.notes.push(o.note);
      }
    }
    rows = records.map((r) => ({ line: r.line, ...(results.get(r.line) ?? { values: {}, errors: [], outcome: 'failed' as const, notes: [] }) }));
  }
  const usual = await importsRepo(deps.db).mostUsedCurrency(actor.workspaceId);
  return {
    format: 'csv',
    layout: layoutId,
    layoutLabel: layoutId ? LAYOUT_LABELS[layoutId] : null,
    kind,
    header,
    mapping,
    fields: kind ? FIELDS_BY_KIND[kind] ?? [] : [...ALL_FIELDS],
    fieldsByKind: FIELDS_BY_KIND,
    problems,
    currency: { applied: input.currency ?? null, suggested: usual ?? FALLBACK_CURRENCY, suggestedFrom: usual ? 'accounts' : 'fallback' },
    rows,
  };
}

/** An amount with its currency, marked when the row named none and the one chosen for the file was applied. */
function valueText(value: NonNullable<AccountDraft['value']>): string {
  return `${value.amount} ${value.currency}${value.isDefaultCurrency ? ' (chosen for the file)' : ''}`;
}

function decide(deps: Deps, ctx: BatchContext, kind: ImportKind, rows: Array<BatchRow<Draft>>): Promise<RowOutcome[]> {
  return rows.length === 0 ? Promise.resolve([]) : APPLIERS[kind](deps.db, ctx, rows);
}

/** A long text as the preview shows it: its first 200 characters. */
const clip = (text: string) => (text.length > 200 ? `${text.slice(0, 197)}...` : text);

/** A draft's fields for display: one value (or list) per field, the account reference as text. */
function valuesOf(kind: ImportKind, draft: Draft): Record<string, unknown> {
  if (kind === 'accounts') {
    const a = draft as AccountDraft;
    const values = { externalId: a.externalId, name: a.name, category: a.category, website: a.website, aliases: a.aliases, status: a.status, value: a.value ? valueText(a.value) : null };
    // The loss a lost row records; other rows have none, so a file without lost accounts shows no such columns.
    return a.loss ? { ...values, lostOn: a.loss.lostOn, lossReasons: a.loss.reasons, lossNotes: clip(a.loss.notes) } : values;
  }
  if (kind === 'contacts') {
    const c = draft as ContactDraft;
    return { externalId: c.externalId, name: c.name, emails: c.emails, phone: c.phone, title: c.title, account: c.accountRefs.map((r) => r.value).join(' / ') };
  }
  const account = (refs: ReadonlyArray<{ value: string }>) => [...new Set(refs.map((r) => r.value))].join(' / ');
  if (kind === 'deliverables') {
    const d = draft as DeliverableDraft;
    return {
      externalId: d.externalId,
      account: account(d.accountRefs),
      project: d.project.value,
      title: d.title,
      dueAt: d.dueAt.toISOString(),
      deliveredAt: d.progress.deliveredAt?.toISOString() ?? null,
      approvedAt: d.progress.approvedAt?.toISOString() ?? null,
      status: d.progress.status ?? null,
      ownerEmail: d.ownerEmail?.value ?? null,
      notes: clip(d.notes),
    };
  }
  if (kind === 'targets') {
    const t = draft as TargetDraft;
    return { account: account(t.accountRefs), project: t.project?.value ?? null, metric: t.metric, periodStart: t.periodStart, periodEnd: t.periodEnd, goal: t.goal, actual: t.actual, higherIsBetter: t.higherIsBetter };
  }
  if (kind === 'incidents') {
    const i = draft as IncidentDraft;
    return {
      account: account(i.accountRefs),
      deliverable: i.deliverable?.value ?? null,
      kind: i.kind,
      severity: i.severity,
      description: clip(i.description),
      occurredAt: i.occurredAt.toISOString(),
    };
  }
  const t = draft as TouchpointDraft;
  return {
    externalId: t.externalId,
    account: t.account?.value ?? null,
    channel: t.channel,
    direction: t.direction,
    occurredAt: t.occurredAt.toISOString(),
    durationMinutes: t.durationMinutes,
    subject: t.subject,
    summary: clip(t.summary),
    contactEmails: t.contactEmails,
    memberEmails: t.memberEmails,
  };
}

/** The first part of a big calendar ends mid-event: keep the whole events and close the calendar. */
function wholeCalendar(text: string): string {
  const upper = text.toUpperCase();
  if (upper.includes('END:VCALENDAR')) return text;
  const lastEnd = upper.lastIndexOf('END:VEVENT');
  const firstBegin = upper.indexOf('BEGIN:VEVENT');
  const kept = lastEnd >= 0 ? `${text.slice(0, lastEnd + 'END:VEVENT'.length)}\r\n` : text.slice(0, firstBegin >= 0 ? firstBegin : text.length);
  return `${kept}END:VCALENDAR\r\n`;
}

async function previewIcs(deps: Deps, ctx: BatchContext, text: string, input: PreviewInput): Promise<ImportPreview> {
  const plan = await planImport(text, input, deps.clock.now());
  if (plan.format !== 'ics') throw new Error('unreachable');
  // Events that cannot be read come first, as failed rows: the import skips them and keeps the rest.
  const invalidEvents: InvalidEvent[] = [];
  const parsed = parseIcs(wholeCalendar(text), { from: plan.from, to: plan.to, invalidEvents });
  const invalid = invalidEvents.slice(0, PREVIEW_ROWS);
  const events = parsed.slice(0, PREVIEW_ROWS - invalid.length);
  const first = invalid.length;
  const outcomes = events.length > 0 ? await applyEvents(deps.db, ctx, events.map((event, i) => ({ line: first + i + 1, event }))) : [];
  const byLine = new Map(outcomes.map((o) => [o.line, o]));
  type PreviewRow = ImportPreview['rows'][number];
  const failedRows = invalid.map((e, i): PreviewRow => ({ line: i + 1, values: { event: e.uid }, outcome: 'failed', errors: [e.message], notes: [] }));
  const eventRows = events.map((event, i): PreviewRow => {
    const o = byLine.get(first + i + 1);
    return {
      line: first + i + 1,
      values: {
        subject: event.summary,
        occurredAt: event.start.toISOString(),
        durationMinutes: event.end ? Math.round((event.end.getTime() - event.start.getTime()) / 60_000) : null,
        organizer: event.organizer,
        attendees: event.attendees,
        event: describeEvent(event),
      },
      outcome: !o || o.result === 'failed' ? 'failed' : o.result === 'imported' ? 'new' : 'unchanged',
      errors: o && o.result === 'failed' ? [describeRowErrors(o.errors)] : [],
      notes: [],
    };
  });
  return {
    format: 'ics',
    layout: 'ics',
    layoutLabel: LAYOUT_LABELS.ics,
    kind: null,
    header: [],
    mapping: {},
    fields: [],
    fieldsByKind: FIELDS_BY_KIND,
    problems: [],
    currency: null,
    rows: [...failedRows, ...eventRows],
  };
}
