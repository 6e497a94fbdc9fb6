import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { AppError, type ErrorDetail } from '../platform/errors.js';
import type { Direction } from './touchpoint.js';

/**
 * Calendar (iCalendar, RFC 5545) files as meetings: pure, no I/O. `parseIcs` turns a file into the
 * occurrences that start within a range; `eventToTouchpoint` decides which account a meeting was
 * with. Both the ICS import and the e-mail intake (the participant rule) use them.
 *
 * Times: a TZID defined by a VTIMEZONE in the file is honoured (DST included); a TZID without one
 * is looked up as an IANA zone (`Europe/Amsterdam`); UTC (`Z`) is UTC; a *floating* time (no zone
 * at all) and a TZID nobody knows are read as UTC, because a server has no "local time" of the
 * person who wrote the file. All-day events start at 00:00 UTC of their date.
 */

/** One occurrence of a calendar event. E-mails are lower case, without `mailto:`. */
export type IcsEvent = {
  uid: string;
  /** The original start of this occurrence of a recurring event (ISO, UTC); null for a single event. */
  recurrenceId: string | null;
  start: Date;
  end: Date | null;
  summary: string;
  description: string;
  organizer: string | null;
  attendees: string[];
};

/** Occurrences per file within the range; past this the range is too wide to be a useful import. */
export const MAX_OCCURRENCES = 10_000;
/** Rule steps per event (counting those before the range): stops rules that never reach the range. */
export const MAX_RULE_STEPS = 50_000;
/** How much of a description becomes a touchpoint summary. */
export const SUMMARY_LIMIT = 2_000;
const SUBJECT_LIMIT = 500;
const DURATION_LIMIT_MINUTES = 100_000;
const DAY_MS = 86_400_000;

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type IcalProperty = InstanceType<typeof ICAL.Property>;

const invalid = (message: string, details: ErrorDetail[] = []): AppError => new AppError('invalid_input', message, details);

/** An event `parseIcs` left out because it cannot be read (no valid start, a broken rule), with why. */
export interface InvalidEvent {
  uid: string;
  message: string;
}

/**
 * The occurrences of a calendar file's events that start within [from, to], sorted by start:
 * recurring events expanded (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides), cancelled events and
 * cancelled occurrences left out. Throws `invalid_input` for a file that is not iCalendar, an event
 * without a valid start (unless `invalidEvents` is given: such events are listed there and the
 * others kept), or a range holding more than MAX_OCCURRENCES occurrences.
 */
export function parseIcs(text: string, options: { from: Date; to: Date; invalidEvents?: InvalidEvent[] }): IcsEvent[] {
  const { from, to } = options;
  if (!(from instanceof Date) || Number.isNaN(from.getTime()) || !(to instanceof Date) || Number.isNaN(to.getTime())) {
    throw invalid('The import range needs valid from and to dates', [{ path: 'range', message: 'Invalid date' }]);
  }
  if (from.getTime() > to.getTime()) throw invalid('The import range ends before it starts', [{ path: 'range', message: 'from is after to' }]);

  const calendars = parseCalendars(text);
  const out: IcsEvent[] = [];
  const budget = { left: MAX_OCCURRENCES };
  for (const calendar of calendars) {
    const method = String(calendar.getFirstPropertyValue('method') ?? '').toUpperCase();
    // An iTIP CANCEL message carries events that are being called off.
    if (method === 'CANCEL') continue;
    const groups = new Map<string, { masters: IcalComponent[]; overrides: IcalComponent[] }>();
    for (const component of calendar.getAllSubcomponents('vevent')) {
      const uid = uidOf(component);
      let group = groups.get(uid);
      if (!group) groups.set(uid, (group = { masters: [], overrides: [] }));
      (component.hasProperty('recurrence-id') ? group.overrides : group.masters).push(component);
    }
    for (const [uid, group] of groups) {
      // A re-sent event appears twice: the highest SEQUENCE is the current one.
      const bySequence = (a: IcalComponent, b: IcalComponent) => sequenceOf(a) - sequenceOf(b);
      const master = group.masters.sort(bySequence).at(-1);
      const overrides = group.overrides.sort(bySequence);
      const before = { out: out.length, budget: budget.left };
      try {
        if (master) expandEvent(uid, master, overrides, from, to, out, budget);
        else for (const override of overrides) addOrphanOverride(uid, override, from, to, out, budget);
      } catch (caught) {
        // ical.js reads values lazily and throws plain errors for bad ones (a rule, a duration, a date).
        const reason = caught instanceof Error ? caught.message : String(caught);
        const error = caught instanceof AppError ? caught : invalid(`Event ${uid}: ${reason}`, [{ path: uid, message: reason }]);
        // One unreadable event is that event's problem, when the caller keeps the others; too many
        // occurrences in the range is the whole file's.
        const isFileLimit = error.details.some((d) => d.path === 'range');
        if (!options.invalidEvents || isFileLimit) throw error;
        // None of its occurrences stay, even those read before the failing one.
        out.length = before.out;
        budget.left = before.budget;
        options.invalidEvents.push({ uid, message: error.message });
      }
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid) || (a.recurrenceId ?? '').localeCompare(b.recurrenceId ?? ''));
}

function parseCalendars(text: string): IcalComponent[] {
  if (typeof text !== 'string') throw invalid('The calendar file must be text');
  const body = text.replace(/^\uFEFF/, '');
  if (!/^\s*BEGIN:VCALENDAR/i.test(body)) {
    throw invalid('This is not an iCalendar file: it must start with BEGIN:VCALENDAR', [{ path: 'file', message: 'Not iCalendar' }]);
  }
  let parsed: unknown;
  try {
    parsed = ICAL.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(`The calendar file could not be read: ${reason}`, [{ path: 'file', message: reason }]);
  }
  // One VCALENDAR parses to one jCal array, several to an array of them.
  const list = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((jcal) => {
    const component = new ICAL.Component(jcal as unknown[]);
    if (component.name !== 'vcalendar') throw invalid(`Expected a VCALENDAR, found ${component.name.toUpperCase()}`, [{ path: 'file', message: 'Not iCalendar' }]);
    return component;
  });
}

function uidOf(component: IcalComponent): string {
  const uid = component.getFirstPropertyValue('uid');
  if (typeof uid === 'string' && uid.trim() !== '') return uid.trim();
  // RFC 5545 requires a UID; some exporters leave it out. A hash of the event keeps re-imports idempotent.
  return `nouid-${createHash('sha256').update(component.toString()).digest('hex').slice(0, 32)}`;
}

function sequenceOf(component: IcalComponent): number {
  const value = Number(component.getFirstPropertyValue('sequence'));
  return Number.isFinite(value) ? value : 0;
}

function isCancelled(component: IcalComponent): boolean {
  return String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
}

/** The wall-clock fields of a time as if they were UTC. */
function wallAsUtc(time: IcalTime): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.isDate ? 0 : time.hour, time.isDate ? 0 : time.minute, time.isDate ? 0 : time.second);
}

const zoneCache = new Map<string, Intl.DateTimeFormat | null>();
function ianaFormatter(tzid: string): Intl.DateTimeFormat | null {
  if (!zoneCache.has(tzid)) {
    let format: Intl.DateTimeFormat | null = null;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: tzid.replace(/^\//, ''),
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null;
    }
    zoneCache.set(tzid, format);
  }
  return zoneCache.get(tzid) ?? null;
}

/** The offset of an IANA zone from UTC at `utcMs`, in ms. */
function zoneOffset(format: Intl.DateTimeFormat, utcMs: number): number {
  const parts = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** A wall-clock time in an IANA zone as UTC (a time in a DST gap moves forward, as calendars do). */
function wallInZone(wallMs: number, format: Intl.DateTimeFormat): number {
  const first = wallMs - zoneOffset(format, wallMs);
  const second = wallMs - zoneOffset(format, first);
  return second === first ? first : Math.max(first, second);
}

/**
 * An ical.js time as a Date. `tzid` is the TZID parameter of the property it came from: needed
 * when the file names a zone without defining it, which ical.js then treats as floating.
 */
function toDate(time: IcalTime, tzid: string | null): Date {
  if (time.isDate) return new Date(wallAsUtc(time));
  if (time.zone?.tzid === 'floating') {
    const format = tzid ? ianaFormatter(tzid) : null;
    return new Date(format ? wallInZone(wallAsUtc(time), format) : wallAsUtc(time));
  }
  return new Date(time.toUnixTime() * 1000);
}

function tzidOf(component: IcalComponent, name: string): string | null {
  const value = component.getFirstProperty(name)?.getFirstParameter('tzid');
  return typeof value === 'string' && value !== '' ? value : null;
}

function timeOf(component: IcalComponent, name: string, uid: string): { time: IcalTime; date: Date } | null {
  const property = component.getFirstProperty(name);
  if (!property) return null;
  let value: unknown;
  try {
    value = property.getFirstValue();
  } catch {
    value = null;
  }
  if (!(value instanceof ICAL.Time)) throw invalid(`Event ${uid}: ${name.toUpperCase()} is not a valid date`, [{ path: `${uid}.${name.toUpperCase()}`, message: 'Invalid date' }]);
  const date = toDate(value, tzidOf(component, name));
  if (!Number.isFinite(date.getTime()) || value.year < 1 || value.month < 1 || value.month > 12 || value.day < 1 || value.day > 31) {
    throw invalid(`Event ${uid}: ${name.toUpperCase()} is not a valid date`, [{ path: `${uid}.${name.toUpperCase()}`, message: 'Invalid date' }]);
  }
  return { time: value, date };
}

/** How long an event (or an override) lasts, in ms; null when the file says nothing. */
function durationOf(component: IcalComponent, uid: string, start: { time: IcalTime; date: Date }): number | null {
  const end = timeOf(component, 'dtend', uid);
  if (end) return Math.max(0, end.date.getTime() - start.date.getTime());
  const duration = component.getFirstPropertyValue('duration');
  if (duration instanceof ICAL.Duration) return Math.max(0, duration.toSeconds() * 1000);
  // RFC 5545 §3.6.1: an all-day event without an end lasts the day; a timed one has no length.
  return start.time.isDate ? DAY_MS : null;
}

function emailOf(property: IcalProperty): string | null {
  const param = property.getFirstParameter('email');
  const raw = typeof param === 'string' && param.includes('@') ? param : String(property.getFirstValue() ?? '');
  const email = raw.trim().replace(/^mailto:/i, '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

function peopleOf(component: IcalComponent): { organizer: string | null; attendees: string[] } {
  const organizerProperty = component.getFirstProperty('organizer');
  const organizer = organizerProperty ? emailOf(organizerProperty) : null;
  const attendees = new Set<string>();
  for (const property of component.getAllProperties('attendee')) {
    // Someone who declined was not in the meeting; a room or a projector is not a person.
    if (String(property.getFirstParameter('partstat') ?? '').toUpperCase() === 'DECLINED') continue;
    if (['ROOM', 'RESOURCE'].includes(String(property.getFirstParameter('cutype') ?? '').toUpperCase())) continue;
    const email = emailOf(property);
    if (email) attendees.add(email);
  }
  return { organizer, attendees: [...attendees] };
}

function textOf(component: IcalComponent, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value.trim() : '';
}

function occurrence(uid: string, recurrenceId: string | null, component: IcalComponent, start: Date, durationMs: number | null): IcsEvent {
  return {
    uid,
    recurrenceId,
    start,
    end: durationMs === null ? null : new Date(start.getTime() + durationMs),
    summary: textOf(component, 'summary'),
    description: textOf(component, 'description'),
    ...peopleOf(component),
  };
}

function push(out: IcsEvent[], budget: { left: number }, event: IcsEvent): void {
  if (--budget.left < 0) {
    throw invalid(`The calendar has more than ${MAX_OCCURRENCES} occurrences in the chosen range; import a shorter range`, [{ path: 'range', message: 'Too many occurrences' }]);
  }
  out.push(event);
}

const inRange = (date: Date, from: Date, to: Date): boolean => date.getTime() >= from.getTime() && date.getTime() <= to.getTime();

function requireStart(component: IcalComponent, uid: string): { time: IcalTime; date: Date } {
  const start = timeOf(component, 'dtstart', uid);
  if (!start) throw invalid(`Event ${uid} has no start (DTSTART)`, [{ path: `${uid}.DTSTART`, message: 'Required' }]);
  return start;
}

function expandEvent(uid: string, master: IcalComponent, overrides: IcalComponent[], from: Date, to: Date, out: IcsEvent[], budget: { left: number }): void {
  if (isCancelled(master)) return;
  const start = requireStart(master, uid);
  const masterDuration = durationOf(master, uid, start);
  const isRecurring = master.hasProperty('rrule') || master.hasProperty('rdate');
  if (!isRecurring) {
    if (inRange(start.date, from, to)) push(out, budget, occurrence(uid, null, master, start.date, masterDuration));
    return;
  }

  // Overrides are related explicitly: ical.js would otherwise relate every overriding VEVENT of
  // the calendar, whatever its UID. The highest SEQUENCE comes last and wins.
  let event: IcalEvent;
  try {
    event = new ICAL.Event(master, { exceptions: overrides });
  } catch (error) {
    throw invalid(`Event ${uid}: ${error instanceof Error ? error.message : String(error)}`, [{ path: uid, message: 'Invalid recurrence' }]);
  }
  const startTzid = tzidOf(master, 'dtstart');
  const overrideStarts = new Map<IcalEvent, { time: IcalTime; date: Date }>();
  let maxShift = 0;
  for (const exception of Object.values(event.exceptions)) {
    const overrideStart = requireStart(exception.component, uid);
    overrideStarts.set(exception, overrideStart);
    const recurrence = timeOf(exception.component, 'recurrence-id', uid);
    if (recurrence) maxShift = Math.max(maxShift, recurrence.date.getTime() - overrideStart.date.getTime());
  }

  const excluded = new Set<number>();
  for (const property of master.getAllProperties('exdate')) {
    const tzid = property.getFirstParameter('tzid');
    for (const value of property.getValues() as unknown[]) {
      if (value instanceof ICAL.Time) excluded.add(toDate(value, typeof tzid === 'string' && tzid ? tzid : null).getTime());
    }
  }

  const visited = new Set<IcalEvent>();
  const seenSlots = new Set<number>();
  /** One slot of the series; false once slots are past the range. */
  const visit = (slot: IcalTime): boolean => {
    const recurrenceId = toDate(slot, startTzid);
    if (seenSlots.has(recurrenceId.getTime())) return true;
    seenSlots.add(recurrenceId.getTime());
    // An override may move an occurrence earlier than its slot: look that far past the range.
    if (recurrenceId.getTime() > to.getTime() + maxShift) return false;
    const details = event.getOccurrenceDetails(slot);
    const item = details.item;
    if (item !== event) visited.add(item);
    if (isCancelled(item.component)) return true;
    // Overrides (and the later occurrences a RANGE=THISANDFUTURE override shifts) carry their own
    // start in their own zone; plain occurrences start at their slot.
    const begins = item === event ? recurrenceId : toDate(details.startDate, tzidOf(item.component, 'dtstart'));
    const durationMs = item === event ? masterDuration : durationOf(item.component, uid, overrideStarts.get(item) ?? requireStart(item.component, uid));
    if (inRange(begins, from, to)) push(out, budget, occurrence(uid, recurrenceId.toISOString(), item.component, begins, durationMs));
    return true;
  };

  // With RDATE alone ical.js yields only the added dates, but DTSTART is always the first occurrence.
  if (!master.hasProperty('rrule') && !excluded.has(start.date.getTime())) visit(start.time);
  const iterator = event.iterator();
  for (let steps = 0; ; steps++) {
    if (steps >= MAX_RULE_STEPS) {
      throw invalid(`Event ${uid} repeats more than ${MAX_RULE_STEPS} times before or within the chosen range; import a shorter range`, [{ path: `${uid}.RRULE`, message: 'Too many repetitions' }]);
    }
    let next: IcalTime | undefined;
    try {
      next = iterator.next() as IcalTime | undefined;
    } catch (error) {
      throw invalid(`Event ${uid}: its repeat rule cannot be followed (${error instanceof Error ? error.message : String(error)})`, [{ path: `${uid}.RRULE`, message: 'Invalid rule' }]);
    }
    if (!next || !visit(next)) break;
  }

  // Overrides of occurrences the rule does not produce (the series changed after they were made)
  // still describe meetings that took place, unless an EXDATE removed their slot.
  for (const [exception, overrideStart] of overrideStarts) {
    if (visited.has(exception) || isCancelled(exception.component)) continue;
    const recurrence = timeOf(exception.component, 'recurrence-id', uid);
    if (!recurrence || excluded.has(recurrence.date.getTime())) continue;
    if (inRange(overrideStart.date, from, to)) {
      push(out, budget, occurrence(uid, recurrence.date.toISOString(), exception.component, overrideStart.date, durationOf(exception.component, uid, overrideStart)));
    }
  }
}

/** An override whose series is not in the file (an invitation to one occurrence): one meeting. */
function addOrphanOverride(uid: string, component: IcalComponent, from: Date, to: Date, out: IcsEvent[], budget: { left: number }): void {
  if (isCancelled(component)) return;
  const start = requireStart(component, uid);
  const recurrence = timeOf(component, 'recurrence-id', uid);
  if (inRange(start.date, from, to)) push(out, budget, occurrence(uid, recurrence ? recurrence.date.toISOString() : null, component, start.date, durationOf(component, uid, start)));
}

/** A contact as the participant rules need it. */
export interface ContactRef {
  id: string;
  accountId: string;
}

/**
 * Which account a touch with these people was with: the account with the most of them among its
 * contacts; a tie goes to the account of `lead` (the organiser, the sender), then to the account
 * met first in `emails`' order. Null when no one is a contact.
 */
export function matchParticipants(
  emails: readonly string[],
  contactsByEmail: ReadonlyMap<string, ContactRef>,
  lead: string | null = null,
): { accountId: string; contactIds: string[] } | null {
  const perAccount = new Map<string, { contactIds: Set<string>; firstSeen: number }>();
  emails.forEach((raw, index) => {
    const contact = contactsByEmail.get(raw.toLowerCase());
    if (!contact) return;
    let entry = perAccount.get(contact.accountId);
    if (!entry) perAccount.set(contact.accountId, (entry = { contactIds: new Set(), firstSeen: index }));
    entry.contactIds.add(contact.id);
  });
  const leadAccount = lead ? contactsByEmail.get(lead.toLowerCase())?.accountId : undefined;
  let best: { accountId: string; contactIds: Set<string>; firstSeen: number } | undefined;
  for (const [accountId, entry] of perAccount) {
    const candidate = { accountId, ...entry };
    if (!best) {
      best = candidate;
      continue;
    }
    const diff = candidate.contactIds.size - best.contactIds.size;
    const better =
      diff > 0 ||
      (diff === 0 && candidate.accountId === leadAccount) ||
      (diff === 0 && best.accountId !== leadAccount && candidate.firstSeen < best.firstSeen);
    if (better) best = candidate;
  }
  return best ? { accountId: best.accountId, contactIds: [...best.contactIds] } : null;
}

/** A meeting ready to store as a touchpoint (channel meeting, source ics). */
export interface IcsTouchpoint {
  accountId: string;
  contactIds: string[];
  direction: Direction;
  occurredAt: Date;
  durationMinutes: number | null;
  subject: string;
  summary: string;
  /** `ics:<uid>` for a single event, `ics:<uid>:<recurrenceId>` for an occurrence: stable across re-imports. */
  externalId: string;
}

/**
 * Turns one occurrence into a touchpoint: the account with the most contacts among organiser and
 * attendees (`matchParticipants`); client-initiated when the organiser is a contact, else
 * agency-initiated. `contactsByEmail` is keyed by lower-case e-mail. Unmatched, with a reason a
 * person can act on, when no participant is a known contact.
 */
export function eventToTouchpoint(event: IcsEvent, contactsByEmail: ReadonlyMap<string, ContactRef>): IcsTouchpoint | { unmatched: true; reason: string } {
  const participants = [...new Set([...(event.organizer ? [event.organizer] : []), ...event.attendees].map((e) => e.toLowerCase()))];
  const match = matchParticipants(participants, contactsByEmail, event.organizer);
  if (!match) {
    const who = participants.length > 0 ? participants.slice(0, 5).join(', ') + (participants.length > 5 ? ', …' : '') : 'no organiser or attendees';
    return { unmatched: true, reason: `No participant is a known contact (${who})` };
  }
  const minutes = event.end ? Math.round((event.end.getTime() - event.start.getTime()) / 60_000) : null;
  return {
    accountId: match.accountId,
    contactIds: match.contactIds,
    direction: event.organizer && contactsByEmail.has(event.organizer.toLowerCase()) ? 'client_initiated' : 'agency_initiated',
    occurredAt: event.start,
    durationMinutes: minutes !== null && minutes >= 0 && minutes <= DURATION_LIMIT_MINUTES ? minutes : null,
    subject: event.summary.slice(0, SUBJECT_LIMIT),
    summary: event.description.slice(0, SUMMARY_LIMIT).trim(),
    externalId: event.recurrenceId ? `ics:${event.uid}:${event.recurrenceId}` : `ics:${event.uid}`,
  };
}
