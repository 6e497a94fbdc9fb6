import { describe, expect, it } from 'vitest';
import { formatDate, formatDatesIn, formatMonth, formatRelative, theFacts } from './format';
import { projectOptionLabel } from './screens/account/delivery-forms';
import { formatGap } from './screens/attention/attention-share';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
// The expected words come from the same formatter in the machine's locale: what is held is the unit and the number.
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

describe('formatRelative', () => {
  it.each<[string, number, number, Intl.RelativeTimeFormatUnit]>([
    ['45 days in days, as the day counts beside it say', 45 * DAY, -45, 'day'],
    ['59 days still in days', 59 * DAY, -59, 'day'],
    ['two months from 60 days on', 60 * DAY, -2, 'month'],
    ['a week as 7 days', 7 * DAY, -7, 'day'],
    ['a day', DAY, -1, 'day'],
    ['hours under a day', 5 * 3_600_000, -5, 'hour'],
    ['minutes under an hour', 5 * 60_000, -5, 'minute'],
    ['a year and more in years', 400 * DAY, -1, 'year'],
  ])('%s', (_label, msAgo, value, unit) => {
    expect(formatRelative(ago(msAgo), NOW)).toBe(relative.format(value, unit));
  });

  it('under a minute is just now', () => {
    expect(formatRelative(ago(30_000), NOW)).toBe('just now');
  });
});

describe('formatGap', () => {
  const one = (n: number) => n.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  it.each<[number, string]>([
    [0.04, `+${one(4)} pts`],
    [0.032, `+${one(3.2)} pts`],
    [-0.028, `−${one(2.8)} pts`],
    [0.125, '+13 pts'],
    [-0.5, '−50 pts'],
    [0.0004, '0 pts'],
  ])('%d is %s: one decimal below ten points, always written', (gap, text) => {
    expect(formatGap(gap)).toBe(text);
  });
});

describe('projectOptionLabel', () => {
  const month = (day: string) => formatMonth(day);
  it('tells two projects of one name apart by status and months', () => {
    expect(projectOptionLabel({ name: 'Loyalty relaunch', status: 'active', startsOn: '2026-11-01', endsOn: '2027-01-31' })).toBe(`Loyalty relaunch · Active · ${month('2026-11-01')} – ${month('2027-01-31')}`);
    expect(projectOptionLabel({ name: 'Loyalty relaunch', status: 'done', startsOn: '2025-09-01', endsOn: null })).toBe(`Loyalty relaunch · Done · from ${month('2025-09-01')}`);
    expect(projectOptionLabel({ name: 'Always-on', status: 'planned', startsOn: null, endsOn: null })).toBe('Always-on · Planned');
  });

  it('formatMonth reads the calendar month as written, not shifted by a zone', () => {
    expect(formatMonth('2026-11-01')).toBe(new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' }).format(new Date(2026, 10, 15)));
  });
});

describe('formatDatesIn', () => {
  it.each([
    ['No touch since 2026-07-21; a touch was due by 2026-08-04', `No touch since ${formatDate('2026-07-21')}; a touch was due by ${formatDate('2026-08-04')}`],
    ['The score fell 16.3 points, from 90.5 on 2026-08-02', `The score fell 16.3 points, from 90.5 on ${formatDate('2026-08-02')}`],
    ['Nothing dated here', 'Nothing dated here'],
    // An instant is not a day, and what only looks like one stays as it is.
    ['at 2026-08-02T10:00:00Z', 'at 2026-08-02T10:00:00Z'],
    ['order 2026-13-40', 'order 2026-13-40'],
    ['ref 12026-08-02', 'ref 12026-08-02'],
  ])('%s', (text, expected) => {
    expect(formatDatesIn(text)).toBe(expected);
  });
});

describe('theFacts: what a button showing the facts behind a reason names', () => {
  const of = (...kinds: Array<'deliverable' | 'touchpoint' | 'incident'>) => kinds.map((kind) => ({ kind }));
  it.each<[string, ReturnType<typeof of>, string]>([
    ['one deliverable', of('deliverable'), 'the deliverable'],
    ['six deliverables', of('deliverable', 'deliverable', 'deliverable', 'deliverable', 'deliverable', 'deliverable'), 'the 6 deliverables'],
    ['two touchpoints', of('touchpoint', 'touchpoint'), 'the 2 touchpoints'],
    ['mixed kinds', of('deliverable', 'incident', 'incident'), 'the 3 facts'],
  ])('%s', (_label, facts, expected) => {
    expect(theFacts(facts)).toBe(expected);
  });
});
