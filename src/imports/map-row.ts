/**
 * One CSV row onto Rapport's fields: every value read, cleaned and checked the way the API checks
 * it, or the reasons it cannot be imported, each naming the column as the file spells it. What
 * needs the database (does the account exist, is this a duplicate) is decided later, per batch.
 * Pure: no I/O.
 */
import { isWebsite, normalizeWebsite, ACCOUNT_STATUSES, type AccountStatus } from '../accounts/account.js';
import { CHANNELS, DIRECTIONS, type Channel, type Direction } from '../touchpoints/touchpoint.js';
import { parseDateTime, type DateOrder } from './dates.js';
import { normalizeHeader, type ColumnMapping, type ExternalSystem, type ImportField, type ImportKind } from './layouts.js';
import { isUuid } from '../platform/ids.js';
import { mapDeliverable, mapIncident, mapTarget, type LedgerDraft } from './map-ledger-row.js';
import { readLoss, type LossDraft } from './map-loss.js';

import { quote, readEmails, RowReader, splitEmails, type ColumnBinding, type RowError } from './row-reader.js';

export type { ColumnBinding, RowError };

/** How to find an account: by Rapport id, by external id or by name; `column` is where the value came from. */
export interface AccountRef {
  by: 'id' | 'externalId' | 'name';
  value: string;
  column: string;
}

export interface AccountDraft {
  externalId: string | null;
  name: string;
  category: string | null;
  website: string | null;
  aliases: string[];
  status: AccountStatus;
  /** `isDefaultCurrency`: the row named no currency and the import's `currency` was applied (the preview says so). */
  value: { amount: number; currency: string; isDefaultCurrency?: true } | null;
  /** Set exactly when `status` is lost: the loss record the account is created with (decision 0021). */
  loss: LossDraft | null;
}

export interface ContactDraft {
  externalId: string | null;
  name: string;
  emails: string[];
  phone: string | null;
  title: string | null;
  /** Tried in order: the CRM's account id first, then the company name. */
  accountRefs: AccountRef[];
}

export interface TouchpointDraft {
  externalId: string | null;
  account: AccountRef | null;
  channel: Channel;
  direction: Direction;
  occurredAt: Date;
  durationMinutes: number | null;
  subject: string;
  summary: string;
  contactEmails: string[];
  memberEmails: string[];
}

export type Draft = AccountDraft | ContactDraft | TouchpointDraft | LedgerDraft;
export type Mapped<T> = { ok: true; draft: T } | { ok: false; errors: RowError[] };

export interface MapOptions {
  kind: ImportKind;
  system: ExternalSystem;
  /** How many columns the header has: a shorter row is a broken row. */
  headerLength: number;
  dateOrder?: DateOrder | undefined;
  /** The currency of an amount whose row names none (a person chose it for the file); without it such a row fails. */
  currency?: string | undefined;
}

/** The bindings of a mapping against a header: columns mapped to a field, in the file's order. */
export function bindColumns(header: readonly string[], mapping: ColumnMapping): ColumnBinding[] {
  const byName = new Map(Object.entries(mapping).map(([column, field]) => [normalizeHeader(column).toLowerCase(), field]));
  const bindings: ColumnBinding[] = [];
  header.forEach((cell, index) => {
    const column = normalizeHeader(cell);
    const field = byName.get(column.toLowerCase());
    if (field) bindings.push({ index, column, field: field as ImportField });
  });
  return bindings;
}

/** True for a row with no text at all (an empty line, or only separators): skipped, not counted. */
export function isBlankRow(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/** Maps one row to a draft of `options.kind`, or says why it cannot be imported. */
export function mapRow(fields: readonly string[], bindings: readonly ColumnBinding[], options: MapOptions): Mapped<Draft> {
  if (fields.length < options.headerLength) {
    return fail(null, `the row has ${fields.length} of the header's ${options.headerLength} columns (a missing separator, or a line break outside quotes?)`);
  }
  const extra = fields.slice(options.headerLength);
  if (extra.some((f) => f.trim() !== '')) {
    return fail(null, `the row has ${fields.length} columns, the header ${options.headerLength} (a separator inside an unquoted value?)`);
  }
  const row = new RowReader(fields, bindings);
  if (options.kind === 'accounts') return mapAccount(row, options.system, options.currency, options.dateOrder);
  if (options.kind === 'contacts') return mapContact(row, options.system);
  if (options.kind === 'deliverables') return mapDeliverable(row, options.dateOrder);
  if (options.kind === 'targets') return mapTarget(row, options.dateOrder);
  if (options.kind === 'incidents') return mapIncident(row, options.dateOrder);
  return mapTouchpoint(row, options.dateOrder);
}

function fail<T>(column: string | null, message: string): Mapped<T> {
  return { ok: false, errors: [{ column, message }] };
}

export { splitEmails };

const ACCOUNT_STATUS_WORDS: Record<string, AccountStatus> = {
  prospect: 'prospect', lead: 'prospect', subscriber: 'prospect', opportunity: 'prospect', marketingqualifiedlead: 'prospect',
  salesqualifiedlead: 'prospect', mql: 'prospect', sql: 'prospect', pitch: 'prospect',
  active: 'active', customer: 'active', client: 'active', evangelist: 'active', customerdirect: 'active', customerchannel: 'active',
  atrisk: 'at_risk', risk: 'at_risk',
  closedwon: 'active',
  lost: 'lost', churned: 'lost', churn: 'lost', former: 'lost', formercustomer: 'lost', formerclient: 'lost', closed: 'lost', closedlost: 'lost',
  excustomer: 'lost', exclient: 'lost', pastcustomer: 'lost', pastclient: 'lost',
};

/**
 * A CRM's lifecycle stage or account type as a Rapport status: customers are active, leads and
 * opportunities prospects, churned or former customers lost (an account imported lost is created
 * with its loss record: map-loss.ts). Anything else (partners, "Other") is a prospect, as for an
 * account made by hand.
 */
export function parseAccountStatus(value: string): AccountStatus {
  const word = value.toLowerCase().replace(/[^a-z]/g, '');
  if ((ACCOUNT_STATUSES as readonly string[]).includes(value.trim().toLowerCase())) return value.trim().toLowerCase() as AccountStatus;
  return ACCOUNT_STATUS_WORDS[word] ?? 'prospect';
}

const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

/**
 * An amount as people write it: `1200`, `1,200.50`, `1.200,50`, `€ 1 200`, `USD 1200`. Answers the
 * number and the currency the text names, if any.
 */
export function parseAmount(text: string): { amount: number; currency: string | null } | null {
  let rest = text.trim();
  let currency: string | null = null;
  const code = /^([A-Za-z]{3})\s*|\s*([A-Za-z]{3})$/.exec(rest);
  if (code) {
    currency = (code[1] ?? code[2] ?? '').toUpperCase();
    rest = rest.replace(code[0], '').trim();
  }
  for (const [symbol, iso] of Object.entries(CURRENCY_SYMBOLS)) {
    if (rest.startsWith(symbol) || rest.endsWith(symbol)) {
      currency ??= iso;
      rest = rest.replace(symbol, '').trim();
      break;
    }
  }
  rest = rest.replace(/[\s\u00A0\u202F']/g, '');
  if (!/^-?[\d.,]+$/.test(rest)) return null;
  const lastComma = rest.lastIndexOf(',');
  const lastDot = rest.lastIndexOf('.');
  let normalized: string;
  if (lastComma >= 0 && lastDot >= 0) {
    normalized = lastComma > lastDot ? rest.replace(/\./g, '').replace(',', '.') : rest.replace(/,/g, '');
  } else if (lastComma >= 0) {
    // One comma followed by exactly three digits is a thousands separator (1,200); otherwise a decimal comma.
    normalized = /^-?\d{1,3}(,\d{3})+$/.test(rest) ? rest.replace(/,/g, '') : rest.replace(',', '.');
  } else {
    normalized = /^-?\d{1,3}(\.\d{3}){2,}$/.test(rest) ? rest.replace(/\./g, '') : rest;
  }
  const amount = Number(normalized);
  return Number.isFinite(amount) ? { amount, currency } : null;
}

function mapAccount(row: RowReader, system: ExternalSystem, defaultCurrency: string | undefined, dateOrder: DateOrder | undefined): Mapped<AccountDraft> {
  const name = row.text('name', 200);
  if (name === null && !row.errors.length) row.error(row.columnOf('name'), 'an account needs a name');
  const externalId = externalIdOf(row, system);
  const category = row.text('category', 100);
  const aliases: string[] = [];
  for (const { column, value } of row.all('aliases')) {
    for (const alias of value.split(/[;|]/).map((a) => a.trim()).filter(Boolean)) {
      if (alias.length > 200) row.error(column, `alias too long (${alias.length} characters; at most 200)`);
      else aliases.push(alias);
    }
  }
  let website: string | null = null;
  const site = row.first('website');
  if (site) {
    if (site.value.length > 500 || !isWebsite(site.value)) row.error(site.column, `not a website address (${quote(site.value)})`);
    else website = normalizeWebsite(site.value);
  }
  for (const { column, value } of row.all('domain')) {
    if (value.length > 500 || !isWebsite(value)) {
      row.error(column, `not a domain name (${quote(value)})`);
      continue;
    }
    const url = normalizeWebsite(value);
    website ??= url;
    // The bare domain is an alias: the post guard then recognises the account in links too.
    aliases.push(new URL(url).hostname.replace(/^www\./i, ''));
  }
  const statusText = row.first('status');
  // A row that says no status but gives the day it was lost was lost; one that says another status keeps it (0021).
  const status = statusText ? parseAccountStatus(statusText.value) : row.first('lostOn') ? 'lost' : 'prospect';
  const value = readValue(row, defaultCurrency);
  const loss = status === 'lost' ? readLoss(row, statusText?.column ?? row.columnOf('status'), dateOrder) : null;
  if (row.errors.length > 0 || name === null) return { ok: false, errors: row.errors };
  return { ok: true, draft: { externalId, name, category, website, aliases: aliases.slice(0, 100), status, value, loss } };
}

/**
 * The retainer: `value` is monthly, `annualValue` (Twenty's annual recurring revenue) is divided by
 * 12. Its currency is the row's (a currency column, or written with the amount), else the import's
 * default, marked as such; never one nobody chose (docs/decisions/0019-import-defaults.md).
 */
function readValue(row: RowReader, defaultCurrency: string | undefined): AccountDraft['value'] {
  const monthly = row.first('value');
  const annual = monthly ? undefined : row.first('annualValue');
  const found = monthly ?? annual;
  if (!found) return null;
  const parsed = parseAmount(found.value);
  if (!parsed) {
    row.error(found.column, `not an amount (${quote(found.value)})`);
    return null;
  }
  const amount = Math.round((annual ? parsed.amount / 12 : parsed.amount) * 100) / 100;
  if (amount < 0 || amount > 999_999_999_999.99) {
    row.error(found.column, `out of range (${quote(found.value)})`);
    return null;
  }
  const currencyCell = row.first('currency');
  const named = currencyCell ? currencyCell.value.toUpperCase() : parsed.currency;
  const currency = named ?? defaultCurrency;
  if (!currency) {
    row.error(found.column, 'an amount needs a currency: choose one for the file, map a currency column, or write it with the amount (EUR 1200)');
    return null;
  }
  if (!/^[A-Z]{3}$/.test(currency)) {
    row.error(currencyCell?.column ?? found.column, `not a currency code (${quote(currency)}): use a three-letter ISO 4217 code such as EUR`);
    return null;
  }
  return named ? { amount, currency } : { amount, currency, isDefaultCurrency: true };
}

function externalIdOf(row: RowReader, system: ExternalSystem): string | null {
  const found = row.first('externalId');
  if (!found) return null;
  const id = `${system}:${found.value}`;
  if (id.length > 500) {
    row.error(found.column, `too long (${found.value.length} characters)`);
    return null;
  }
  return id;
}

function mapContact(row: RowReader, system: ExternalSystem): Mapped<ContactDraft> {
  const externalId = externalIdOf(row, system);
  const emails = readEmails(row, 'email');
  if (emails.length > 20) row.error(row.columnOf('email'), `too many e-mail addresses (${emails.length}; at most 20)`);
  const full = row.first('name')?.value;
  const parts = [row.first('firstName')?.value, row.first('lastName')?.value].filter(Boolean).join(' ');
  const name = full || parts || emails[0] || '';
  if (!name) row.error(row.columnOf('name') ?? row.columnOf('firstName') ?? row.columnOf('lastName'), 'a contact needs a name or an e-mail address');
  else if (name.length > 200) row.error(row.columnOf('name') ?? row.columnOf('lastName'), `name too long (${name.length} characters; at most 200)`);
  const phoneCell = row.first('phone');
  let phone: string | null = null;
  if (phoneCell) {
    const prefix = row.first('phonePrefix')?.value;
    phone = prefix && !phoneCell.value.startsWith('+') ? `${prefix} ${phoneCell.value}` : phoneCell.value;
    if (phone.length > 50) {
      row.error(phoneCell.column, `too long (${phone.length} characters; at most 50)`);
      phone = null;
    }
  }
  const title = row.text('title', 200);
  const accountRefs: AccountRef[] = [];
  const accountId = row.first('accountExternalId');
  if (accountId) {
    // HubSpot lists every associated company (`123;456`): the first is the primary one.
    const first = accountId.value.split(/[;,]/)[0]?.trim() ?? '';
    if (first) accountRefs.push({ by: 'externalId', value: system === 'csv' ? first : `${system}:${first}`, column: accountId.column });
  }
  const accountName = row.first('accountName');
  if (accountName) accountRefs.push({ by: 'name', value: accountName.value, column: accountName.column });
  if (accountRefs.length === 0 && !row.errors.length) {
    row.error(row.columnOf('accountExternalId') ?? row.columnOf('accountName'), 'a contact needs an account: the company id and name are both empty');
  }
  if (row.errors.length > 0) return { ok: false, errors: row.errors };
  return { ok: true, draft: { externalId, name, emails, phone, title, accountRefs } };
}

const CHANNEL_WORDS: Record<string, Channel> = {
  mail: 'email', email: 'email', emailmessage: 'email', phone: 'call', phonecall: 'call', call: 'call', telephone: 'call',
  meeting: 'meeting', inperson: 'meeting', visit: 'meeting', lunch: 'meeting', video: 'video', videocall: 'video', zoom: 'video',
  teams: 'video', meet: 'video', googlemeet: 'video', chat: 'chat', slack: 'chat', im: 'chat', whatsapp: 'chat', sms: 'chat',
  text: 'chat', social: 'social', linkedin: 'social', twitter: 'social', x: 'social', instagram: 'social', facebook: 'social',
  report: 'report', other: 'other', note: 'other',
};
const DIRECTION_WORDS: Record<string, Direction> = {
  agencyinitiated: 'agency_initiated', agency: 'agency_initiated', outbound: 'agency_initiated', out: 'agency_initiated',
  outgoing: 'agency_initiated', sent: 'agency_initiated', us: 'agency_initiated',
  clientinitiated: 'client_initiated', client: 'client_initiated', inbound: 'client_initiated', in: 'client_initiated',
  incoming: 'client_initiated', received: 'client_initiated', them: 'client_initiated',
};

/** A channel in Rapport's words or a common synonym (`phone` → call, `zoom` → video), or null. */
export function parseChannel(value: string): Channel | null {
  const word = value.toLowerCase().replace(/[^a-z]/g, '');
  return (CHANNELS as readonly string[]).includes(word) ? (word as Channel) : (CHANNEL_WORDS[word] ?? null);
}

/** `agency_initiated` / `client_initiated`, or a synonym (`outbound`, `inbound`, `agency`, `client`), or null. */
export function parseDirection(value: string): Direction | null {
  const word = value.toLowerCase().replace(/[^a-z]/g, '');
  return DIRECTION_WORDS[word] ?? null;
}

/** Whole minutes (`45`, `45.0`) or hours and minutes (`1:30`), from 0 to 100,000; null when not. */
export function parseMinutes(value: string): number | null {
  const hm = /^(\d{1,4}):([0-5]\d)$/.exec(value);
  const minutes = hm ? Number(hm[1]) * 60 + Number(hm[2]) : /^\d+(\.0+)?$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(minutes) && minutes >= 0 && minutes <= 100_000 ? minutes : null;
}

function mapTouchpoint(row: RowReader, dateOrder: DateOrder | undefined): Mapped<TouchpointDraft> {
  const required = (field: ImportField) => {
    const found = row.first(field);
    if (!found) row.error(row.columnOf(field), 'required');
    return found;
  };
  const channelCell = required('channel');
  const channel = channelCell ? parseChannel(channelCell.value) : null;
  if (channelCell && !channel) row.error(channelCell.column, `unknown channel (${quote(channelCell.value)}): use ${CHANNELS.join(', ')}`);
  const directionCell = required('direction');
  const direction = directionCell ? parseDirection(directionCell.value) : null;
  if (directionCell && !direction) row.error(directionCell.column, `unknown direction (${quote(directionCell.value)}): use ${DIRECTIONS.join(' or ')}`);
  const occurredCell = required('occurredAt');
  let occurredAt: Date | null = null;
  if (occurredCell) {
    const parsed = parseDateTime(occurredCell.value, dateOrder);
    if (parsed.ok) occurredAt = parsed.date;
    else row.error(occurredCell.column, parsed.message);
  }
  const durationCell = row.first('durationMinutes');
  let durationMinutes: number | null = null;
  if (durationCell) {
    durationMinutes = parseMinutes(durationCell.value);
    if (durationMinutes === null) row.error(durationCell.column, `not a whole number of minutes from 0 to 100000 (${quote(durationCell.value)})`);
  }
  const subject = row.text('subject', 500) ?? '';
  const summary = row.text('summary', 20_000) ?? '';
  const contactEmails = readEmails(row, 'contactEmails');
  const memberEmails = readEmails(row, 'memberEmails');
  const externalId = row.text('externalId', 500);
  let account: AccountRef | null = null;
  const byId = row.first('accountId');
  const byExternal = row.first('accountExternalId');
  const byName = row.first('accountName');
  if (byId) {
    if (isUuid(byId.value)) account = { by: 'id', value: byId.value.toLowerCase(), column: byId.column };
    else row.error(byId.column, `not a Rapport account id (${quote(byId.value)}): use accountName or accountExternalId for other ids`);
  } else if (byExternal) account = { by: 'externalId', value: byExternal.value, column: byExternal.column };
  else if (byName) account = { by: 'name', value: byName.value, column: byName.column };
  else if (contactEmails.length === 0 && !row.errors.length) {
    row.error(row.columnOf('accountName') ?? row.columnOf('accountId') ?? row.columnOf('contactEmails'), 'no account: give accountId, accountName or accountExternalId, or contactEmails of known contacts');
  }
  if (row.errors.length > 0 || !channel || !direction || !occurredAt) return { ok: false, errors: row.errors };
  return { ok: true, draft: { externalId, account, channel, direction, occurredAt, durationMinutes, subject, summary, contactEmails, memberEmails } };
}

/** One line for a row's errors: `occurredAt: not a date ("31/02/2024")`, several joined by `; `. */
export function describeRowErrors(errors: readonly RowError[]): string {
  return errors.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join('; ');
}
