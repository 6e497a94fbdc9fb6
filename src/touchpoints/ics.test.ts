import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import { eventToTouchpoint, matchParticipants, MAX_OCCURRENCES, parseIcs, type ContactRef, type IcsEvent } from './ics.js';

const AMSTERDAM = `BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`;

const NEW_YORK = `BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE`;

/** A calendar file around `body`, with CRLF line ends as exporters write them. */
const cal = (...parts: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Rapport//Tests//EN', ...parts, 'END:VCALENDAR'].join('\n').replace(/\r?\n/g, '\r\n');
const vevent = (...lines: string[]): string => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\n');

const YEAR_2026 = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-12-31T23:59:59Z') };
const iso = (events: IcsEvent[]) => events.map((e) => e.start.toISOString());

function expectInvalid(fn: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe('invalid_input');
  expect((thrown as AppError).message).toMatch(message);
}

describe('parseIcs: times and zones', () => {
  it.each([
    ['UTC', ['DTSTART:20260310T140000Z', 'DTEND:20260310T150000Z'], '2026-03-10T14:00:00.000Z', '2026-03-10T15:00:00.000Z'],
    ['Amsterdam in winter (CET, +1)', ['DTSTART;TZID=Europe/Amsterdam:20260115T100000', 'DTEND;TZID=Europe/Amsterdam:20260115T113000'], '2026-01-15T09:00:00.000Z', '2026-01-15T10:30:00.000Z'],
    ['Amsterdam in summer (CEST, +2)', ['DTSTART;TZID=Europe/Amsterdam:20260715T100000', 'DTEND;TZID=Europe/Amsterdam:20260715T110000'], '2026-07-15T08:00:00.000Z', '2026-07-15T09:00:00.000Z'],
    ['New York in winter (EST, -5)', ['DTSTART;TZID=America/New_York:20260115T090000', 'DURATION:PT45M'], '2026-01-15T14:00:00.000Z', '2026-01-15T14:45:00.000Z'],
    ['New York in summer (EDT, -4)', ['DTSTART;TZID=America/New_York:20260715T090000', 'DURATION:PT45M'], '2026-07-15T13:00:00.000Z', '2026-07-15T13:45:00.000Z'],
    ['start and end in different zones', ['DTSTART;TZID=America/New_York:20260715T090000', 'DTEND;TZID=Europe/Amsterdam:20260715T160000'], '2026-07-15T13:00:00.000Z', '2026-07-15T14:00:00.000Z'],
    ['a floating time is read as UTC', ['DTSTART:20260310T140000', 'DTEND:20260310T143000'], '2026-03-10T14:00:00.000Z', '2026-03-10T14:30:00.000Z'],
    ['an IANA TZID without VTIMEZONE is looked up', ['DTSTART;TZID=Asia/Tokyo:20260310T180000'], '2026-03-10T09:00:00.000Z', null],
    ['an unknown TZID without VTIMEZONE is read as UTC', ['DTSTART;TZID=Mars/Olympus_Mons:20260310T180000'], '2026-03-10T18:00:00.000Z', null],
    ['TZID=UTC', ['DTSTART;TZID=UTC:20260310T180000', 'DURATION:PT1H'], '2026-03-10T18:00:00.000Z', '2026-03-10T19:00:00.000Z'],
    ['no end, no duration: no end', ['DTSTART:20260310T140000Z'], '2026-03-10T14:00:00.000Z', null],
  ])('%s', (_label, lines, start, end) => {
    const [event] = parseIcs(cal(AMSTERDAM, NEW_YORK, vevent('UID:t1', 'SUMMARY:Sync', ...lines)), YEAR_2026);
    expect(event?.start.toISOString()).toBe(start);
    expect(event?.end?.toISOString() ?? null).toBe(end);
    expect(event?.recurrenceId).toBeNull();
  });

  it('an IANA TZID without VTIMEZONE honours DST on both sides of the change', () => {
    const events = parseIcs(cal(vevent('UID:weekly', 'DTSTART;TZID=Europe/Amsterdam:20260323T100000', 'RRULE:FREQ=WEEKLY;COUNT=2')), YEAR_2026);
    expect(iso(events)).toEqual(['2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z']);
  });

  it('a time in the spring-forward gap moves forward, as calendars do', () => {
    const [event] = parseIcs(cal(vevent('UID:gap', 'DTSTART;TZID=Europe/Amsterdam:20260329T023000')), YEAR_2026);
    expect(event?.start.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('parseIcs: all-day events', () => {
  it.each([
    ['one day, no end', ['DTSTART;VALUE=DATE:20260310'], '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
    ['one day with DTEND', ['DTSTART;VALUE=DATE:20260310', 'DTEND;VALUE=DATE:20260311'], '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
    ['three days', ['DTSTART;VALUE=DATE:20260310', 'DTEND;VALUE=DATE:20260313'], '2026-03-10T00:00:00.000Z', '2026-03-13T00:00:00.000Z'],
    ['two days by duration', ['DTSTART;VALUE=DATE:20260310', 'DURATION:P2D'], '2026-03-10T00:00:00.000Z', '2026-03-12T00:00:00.000Z'],
  ])('%s', (_label, lines, start, end) => {
    const [event] = parseIcs(cal(vevent('UID:allday', 'SUMMARY:Offsite', ...lines)), YEAR_2026);
    expect(event?.start.toISOString()).toBe(start);
    expect(event?.end?.toISOString()).toBe(end);
  });

  it('a yearly all-day event repeats on its date, with date recurrence ids', () => {
    const events = parseIcs(cal(vevent('UID:anniversary', 'DTSTART;VALUE=DATE:20200610', 'RRULE:FREQ=YEARLY')), { from: new Date('2025-01-01Z'), to: new Date('2027-01-01Z') });
    expect(iso(events)).toEqual(['2025-06-10T00:00:00.000Z', '2026-06-10T00:00:00.000Z']);
    expect(events.map((e) => e.recurrenceId)).toEqual(['2025-06-10T00:00:00.000Z', '2026-06-10T00:00:00.000Z']);
  });
});

describe('parseIcs: recurring events', () => {
  // Mondays 09:00 New York from 23 February 2026: US clocks change on 8 March, European on 29 March.
  const weekly = (...extra: string[]) =>
    cal(
      NEW_YORK,
      vevent(
        'UID:weekly-ny',
        'SUMMARY:Weekly status',
        'ORGANIZER;CN=Ann:mailto:ann@agency.test',
        'ATTENDEE:mailto:bob@client.test',
        'DTSTART;TZID=America/New_York:20260223T090000',
        'DTEND;TZID=America/New_York:20260223T093000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO',
        ...extra,
      ),
    );
  const march = { from: new Date('2026-02-20T00:00:00Z'), to: new Date('2026-03-24T00:00:00Z') };

  it('expands in the event zone across the DST change', () => {
    const events = parseIcs(weekly(), march);
    expect(iso(events)).toEqual(['2026-02-23T14:00:00.000Z', '2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z', '2026-03-23T13:00:00.000Z']);
    expect(events.every((e) => e.end!.getTime() - e.start.getTime() === 30 * 60_000)).toBe(true);
    expect(events.map((e) => e.recurrenceId)).toEqual(iso(events));
    expect(events[0]).toMatchObject({ uid: 'weekly-ny', summary: 'Weekly status', organizer: 'ann@agency.test', attendees: ['bob@client.test'] });
  });

  it('EXDATE removes an occurrence, in the event zone or in UTC', () => {
    expect(iso(parseIcs(weekly('EXDATE;TZID=America/New_York:20260302T090000'), march))).not.toContain('2026-03-02T14:00:00.000Z');
    expect(iso(parseIcs(weekly('EXDATE:20260309T130000Z,20260316T130000Z'), march))).toEqual(['2026-02-23T14:00:00.000Z', '2026-03-02T14:00:00.000Z', '2026-03-23T13:00:00.000Z']);
  });

  it('an override moves one occurrence and changes its details; a cancelled override removes one', () => {
    const text = weekly('EXDATE;TZID=America/New_York:20260302T090000').replace(
      'END:VCALENDAR',
      [
        vevent(
          'UID:weekly-ny',
          'RECURRENCE-ID;TZID=America/New_York:20260309T090000',
          'DTSTART;TZID=America/New_York:20260310T150000',
          'DTEND;TZID=America/New_York:20260310T160000',
          'SUMMARY:Weekly status (moved)',
          'ORGANIZER:mailto:bob@client.test',
          'ATTENDEE:mailto:ann@agency.test',
          'ATTENDEE:mailto:carol@client.test',
        ),
        vevent('UID:weekly-ny', 'RECURRENCE-ID:20260316T130000Z', 'DTSTART:20260316T130000Z', 'STATUS:CANCELLED'),
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    const events = parseIcs(text.replace(/\r?\n/g, '\r\n'), march);
    expect(iso(events)).toEqual(['2026-02-23T14:00:00.000Z', '2026-03-10T19:00:00.000Z', '2026-03-23T13:00:00.000Z']);
    const moved = events[1]!;
    expect(moved).toMatchObject({
      uid: 'weekly-ny',
      recurrenceId: '2026-03-09T13:00:00.000Z',
      summary: 'Weekly status (moved)',
      organizer: 'bob@client.test',
      attendees: ['ann@agency.test', 'carol@client.test'],
    });
    expect(moved.end?.toISOString()).toBe('2026-03-10T20:00:00.000Z');
  });

  it('an override moved into the range from a slot after it is found', () => {
    const text = cal(
      vevent('UID:w', 'DTSTART:20260105T100000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY'),
      vevent('UID:w', 'RECURRENCE-ID:20260202T100000Z', 'DTSTART:20260128T100000Z', 'DURATION:PT1H'),
    );
    const events = parseIcs(text, { from: new Date('2026-01-20T00:00:00Z'), to: new Date('2026-01-31T00:00:00Z') });
    expect(iso(events)).toEqual(['2026-01-26T10:00:00.000Z', '2026-01-28T10:00:00.000Z']);
    expect(events[1]?.recurrenceId).toBe('2026-02-02T10:00:00.000Z');
  });

  it('an override of a slot the rule no longer makes still counts, unless an EXDATE removed it', () => {
    const base = ['UID:s', 'DTSTART:20260105T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=2'];
    const orphan = vevent('UID:s', 'RECURRENCE-ID:20260302T100000Z', 'DTSTART:20260303T100000Z', 'SUMMARY:Still met');
    expect(iso(parseIcs(cal(vevent(...base), orphan), YEAR_2026))).toEqual(['2026-01-05T10:00:00.000Z', '2026-01-12T10:00:00.000Z', '2026-03-03T10:00:00.000Z']);
    expect(iso(parseIcs(cal(vevent(...base, 'EXDATE:20260302T100000Z'), orphan), YEAR_2026))).toHaveLength(2);
  });

  it('overrides relate only to their own series', () => {
    const text = cal(
      vevent('UID:a', 'DTSTART:20260105T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=2', 'SUMMARY:A'),
      vevent('UID:b', 'DTSTART:20260105T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=2', 'SUMMARY:B'),
      vevent('UID:b', 'RECURRENCE-ID:20260112T100000Z', 'DTSTART:20260112T120000Z', 'SUMMARY:B moved'),
    );
    const events = parseIcs(text, YEAR_2026);
    expect(events.map((e) => `${e.uid} ${e.start.toISOString()} ${e.summary}`)).toEqual([
      'a 2026-01-05T10:00:00.000Z A',
      'b 2026-01-05T10:00:00.000Z B',
      'a 2026-01-12T10:00:00.000Z A',
      'b 2026-01-12T12:00:00.000Z B moved',
    ]);
  });

  it.each([
    ['COUNT', 'RRULE:FREQ=DAILY;COUNT=3', ['2026-01-05T10:00:00.000Z', '2026-01-06T10:00:00.000Z', '2026-01-07T10:00:00.000Z']],
    ['UNTIL', 'RRULE:FREQ=DAILY;UNTIL=20260106T235959Z', ['2026-01-05T10:00:00.000Z', '2026-01-06T10:00:00.000Z']],
    ['INTERVAL', 'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3', ['2026-01-05T10:00:00.000Z', '2026-01-19T10:00:00.000Z', '2026-02-02T10:00:00.000Z']],
    ['monthly by weekday', 'RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=3', ['2026-01-05T10:00:00.000Z', '2026-02-02T10:00:00.000Z', '2026-03-02T10:00:00.000Z']],
    ['RDATE adds dates to DTSTART', 'RDATE:20260110T100000Z,20260111T100000Z', ['2026-01-05T10:00:00.000Z', '2026-01-10T10:00:00.000Z', '2026-01-11T10:00:00.000Z']],
    ['RDATE with the DTSTART excluded', 'RDATE:20260110T100000Z\nEXDATE:20260105T100000Z', ['2026-01-10T10:00:00.000Z']],
    ['RRULE and RDATE together', 'RRULE:FREQ=DAILY;COUNT=2\nRDATE:20260110T100000Z', ['2026-01-05T10:00:00.000Z', '2026-01-06T10:00:00.000Z', '2026-01-10T10:00:00.000Z']],
  ])('%s', (_label, rule, expected) => {
    expect(iso(parseIcs(cal(vevent('UID:r', 'DTSTART:20260105T100000Z', rule)), YEAR_2026))).toEqual(expected);
  });

  it('keeps only occurrences starting within [from, to], both ends included', () => {
    const text = cal(vevent('UID:d', 'DTSTART:20260101T100000Z', 'RRULE:FREQ=DAILY'));
    expect(iso(parseIcs(text, { from: new Date('2026-01-03T10:00:00Z'), to: new Date('2026-01-05T10:00:00Z') }))).toEqual([
      '2026-01-03T10:00:00.000Z',
      '2026-01-04T10:00:00.000Z',
      '2026-01-05T10:00:00.000Z',
    ]);
    expect(parseIcs(text, { from: new Date('2025-01-01Z'), to: new Date('2025-12-31Z') })).toEqual([]);
  });

  it('an endless rule stops at the end of the range', () => {
    const events = parseIcs(cal(vevent('UID:forever', 'DTSTART:20200101T090000Z', 'RRULE:FREQ=DAILY')), YEAR_2026);
    expect(events).toHaveLength(365);
  });
});

describe('parseIcs: what is left out, and who is in it', () => {
  it.each([
    ['a cancelled event', cal(vevent('UID:c', 'DTSTART:20260310T100000Z', 'STATUS:CANCELLED'))],
    ['a cancelled series', cal(vevent('UID:c', 'DTSTART:20260310T100000Z', 'RRULE:FREQ=DAILY;COUNT=5', 'STATUS:CANCELLED'))],
    ['an iTIP cancellation', cal('METHOD:CANCEL', vevent('UID:c', 'DTSTART:20260310T100000Z'))],
    ['a to-do and a journal entry', cal('BEGIN:VTODO', 'UID:todo', 'DTSTART:20260310T100000Z', 'END:VTODO', 'BEGIN:VJOURNAL', 'UID:j', 'DTSTART:20260310T100000Z', 'END:VJOURNAL')],
    ['an empty calendar', cal()],
  ])('%s gives nothing', (_label, text) => {
    expect(parseIcs(text, YEAR_2026)).toEqual([]);
  });

  it('without an organiser: organizer is null', () => {
    const [event] = parseIcs(cal(vevent('UID:n', 'DTSTART:20260310T100000Z', 'ATTENDEE:mailto:x@client.test')), YEAR_2026);
    expect(event).toMatchObject({ organizer: null, attendees: ['x@client.test'], summary: '', description: '' });
  });

  it('e-mails lower case without mailto:, the EMAIL parameter preferred, decliners and rooms left out, no duplicates', () => {
    const [event] = parseIcs(
      cal(
        vevent(
          'UID:p',
          'DTSTART:20260310T100000Z',
          'ORGANIZER;CN="Ann Agency":MAILTO:Ann@Agency.TEST',
          'ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:BOB@client.test',
          'ATTENDEE;PARTSTAT=DECLINED:mailto:dee@client.test',
          'ATTENDEE;CUTYPE=ROOM:mailto:room-4@agency.test',
          'ATTENDEE;EMAIL=Eve@Client.test:urn:uuid:1234',
          'ATTENDEE:mailto:bob@client.test',
          'ATTENDEE:urn:uuid:no-email',
        ),
      ),
      YEAR_2026,
    );
    expect(event?.organizer).toBe('ann@agency.test');
    expect(event?.attendees).toEqual(['bob@client.test', 'eve@client.test']);
  });

  it('unescapes and unfolds text; a re-sent event counts once, its highest SEQUENCE wins', () => {
    const text = cal(
      vevent('UID:s', 'SEQUENCE:2', 'DTSTART:20260310T110000Z', 'SUMMARY:Review\\, round two', 'DESCRIPTION:Agenda:\\n1. Plan\\n2. Bud', ' get'),
      vevent('UID:s', 'SEQUENCE:1', 'DTSTART:20260310T100000Z', 'SUMMARY:Review'),
    );
    const events = parseIcs(text, YEAR_2026);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ start: new Date('2026-03-10T11:00:00Z'), summary: 'Review, round two', description: 'Agenda:\n1. Plan\n2. Budget' });
  });

  it('an event without UID gets a stable one', () => {
    const text = cal(vevent('DTSTART:20260310T100000Z', 'SUMMARY:Anonymous'));
    const [first] = parseIcs(text, YEAR_2026);
    const [again] = parseIcs(text, YEAR_2026);
    expect(first?.uid).toMatch(/^nouid-[0-9a-f]{32}$/);
    expect(again?.uid).toBe(first?.uid);
  });

  it('an override without its series (an invitation to one occurrence) is one meeting', () => {
    const [event] = parseIcs(cal(vevent('UID:o', 'RECURRENCE-ID:20260310T100000Z', 'DTSTART:20260310T120000Z', 'SUMMARY:Just this one')), YEAR_2026);
    expect(event).toMatchObject({ uid: 'o', recurrenceId: '2026-03-10T10:00:00.000Z', start: new Date('2026-03-10T12:00:00Z') });
  });

  it('reads several calendars in one file and a byte-order mark', () => {
    const text = `\uFEFF${cal(vevent('UID:1', 'DTSTART:20260310T100000Z'))}\r\n${cal(vevent('UID:2', 'DTSTART:20260311T100000Z'))}`;
    expect(parseIcs(text, YEAR_2026).map((e) => e.uid)).toEqual(['1', '2']);
  });
});

describe('parseIcs: bad input', () => {
  it.each([
    ['an empty file', '', /must start with BEGIN:VCALENDAR/],
    ['plain text', 'hello there', /must start with BEGIN:VCALENDAR/],
    ['a vCard', 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nEND:VCARD', /must start with BEGIN:VCALENDAR/],
    ['a truncated file', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260310T100000Z\r\n', /could not be read: .*did not end/],
    ['a line without a name', 'BEGIN:VCALENDAR\r\nthis is not a property\r\nEND:VCALENDAR', /could not be read/],
    ['an event without a start', cal(vevent('UID:nostart', 'SUMMARY:When?')), /Event nostart has no start \(DTSTART\)/],
    ['a start that is no date', cal(vevent('UID:baddate', 'DTSTART:notadate')), /Event baddate: DTSTART is not a valid date/],
    ['an unknown repeat frequency', cal(vevent('UID:freq', 'DTSTART:20260101T100000Z', 'RRULE:FREQ=SOMETIMES')), /could not be read: invalid frequency "SOMETIMES"/],
    ['a repeat count that is no number', cal(vevent('UID:count', 'DTSTART:20260101T100000Z', 'RRULE:FREQ=DAILY;COUNT=abc')), /could not be read: .*"abc"/],
    ['a duration that is no duration', cal(vevent('UID:dur', 'DTSTART:20260101T100000Z', 'DURATION:PTxyz')), /Event dur: invalid duration value/],
    ['an end that is no date', cal(vevent('UID:end', 'DTSTART:20260101T100000Z', 'DTEND:2026')), /Event end: DTEND is not a valid date/],
  ])('%s → invalid_input', (_label, text, message) => {
    expectInvalid(() => parseIcs(text, YEAR_2026), message);
  });

  it('a range that ends before it starts, or an invalid date → invalid_input', () => {
    expectInvalid(() => parseIcs(cal(), { from: new Date('2026-02-01Z'), to: new Date('2026-01-01Z') }), /ends before it starts/);
    expectInvalid(() => parseIcs(cal(), { from: new Date('nope'), to: new Date('2026-01-01Z') }), /valid from and to/);
  });

  it(`more than ${MAX_OCCURRENCES} occurrences in the range → invalid_input, not an endless loop`, () => {
    expectInvalid(() => parseIcs(cal(vevent('UID:minutely', 'DTSTART:20260101T000000Z', 'RRULE:FREQ=MINUTELY')), YEAR_2026), /more than 10000 occurrences/);
  });

  it('a rule that needs too many steps to reach the range → invalid_input', () => {
    expectInvalid(() => parseIcs(cal(vevent('UID:old', 'DTSTART:19000101T000000Z', 'RRULE:FREQ=HOURLY')), YEAR_2026), /Event old repeats more than 50000 times/);
  });
});

describe('matchParticipants and eventToTouchpoint', () => {
  const contacts = new Map<string, ContactRef>([
    ['bob@acme.test', { id: 'c-bob', accountId: 'acme' }],
    ['carol@acme.test', { id: 'c-carol', accountId: 'acme' }],
    ['dan@globex.test', { id: 'c-dan', accountId: 'globex' }],
    ['erin@globex.test', { id: 'c-erin', accountId: 'globex' }],
    ['fay@initech.test', { id: 'c-fay', accountId: 'initech' }],
  ]);
  const meeting = (overrides: Partial<IcsEvent>): IcsEvent => ({
    uid: 'm1',
    recurrenceId: null,
    start: new Date('2026-03-10T10:00:00Z'),
    end: new Date('2026-03-10T11:30:00Z'),
    summary: 'Quarterly review',
    description: '  Numbers and next steps.  ',
    organizer: 'ann@agency.test',
    attendees: [],
    ...overrides,
  });

  it.each([
    ['the account with most attendees wins', { attendees: ['dan@globex.test', 'bob@acme.test', 'carol@acme.test'] }, 'acme', ['c-bob', 'c-carol'], 'agency_initiated'],
    ['a tie goes to the organiser’s account', { organizer: 'erin@globex.test', attendees: ['bob@acme.test'] }, 'globex', ['c-erin'], 'client_initiated'],
    ['a tie without the organiser goes to the first met', { attendees: ['fay@initech.test', 'dan@globex.test'] }, 'initech', ['c-fay'], 'agency_initiated'],
    ['an organiser who is a contact makes it client-initiated', { organizer: 'Bob@Acme.test', attendees: ['ann@agency.test'] }, 'acme', ['c-bob'], 'client_initiated'],
    ['no organiser: agency-initiated', { organizer: null, attendees: ['dan@globex.test'] }, 'globex', ['c-dan'], 'agency_initiated'],
    ['an attendee twice counts once', { attendees: ['dan@globex.test', 'DAN@globex.test', 'bob@acme.test'] }, 'globex', ['c-dan'], 'agency_initiated'],
  ] as const)('%s', (_label, overrides, accountId, contactIds, direction) => {
    const result = eventToTouchpoint(meeting({ ...overrides, attendees: [...overrides.attendees] }), contacts);
    expect(result).toMatchObject({ accountId, direction });
    expect('contactIds' in result && [...result.contactIds].sort()).toEqual([...contactIds].sort());
  });

  it('fills the touchpoint from the event', () => {
    expect(eventToTouchpoint(meeting({ attendees: ['bob@acme.test'] }), contacts)).toEqual({
      accountId: 'acme',
      contactIds: ['c-bob'],
      direction: 'agency_initiated',
      occurredAt: new Date('2026-03-10T10:00:00Z'),
      durationMinutes: 90,
      subject: 'Quarterly review',
      summary: 'Numbers and next steps.',
      externalId: 'ics:m1',
    });
  });

  it('an occurrence has its recurrence in the external id; no end means no duration; long text is cut', () => {
    const result = eventToTouchpoint(meeting({ recurrenceId: '2026-03-10T10:00:00.000Z', end: null, attendees: ['bob@acme.test'], description: 'x'.repeat(5000), summary: 's'.repeat(600) }), contacts);
    expect(result).toMatchObject({ externalId: 'ics:m1:2026-03-10T10:00:00.000Z', durationMinutes: null });
    expect('summary' in result && result.summary.length).toBe(2000);
    expect('subject' in result && result.subject.length).toBe(500);
  });

  it.each([
    ['nobody is a contact', { attendees: ['someone@else.test'] }, /No participant is a known contact \(ann@agency.test, someone@else.test\)/],
    ['no one at all', { organizer: null, attendees: [] }, /no organiser or attendees/],
  ])('unmatched when %s', (_label, overrides, reason) => {
    const result = eventToTouchpoint(meeting(overrides), contacts);
    expect(result).toEqual({ unmatched: true, reason: expect.stringMatching(reason) });
  });

  it('parseIcs and eventToTouchpoint together: each occurrence its own touchpoint', () => {
    const text = cal(
      vevent('UID:series@cal', 'DTSTART;TZID=Europe/Amsterdam:20260302T100000', 'DURATION:PT30M', 'RRULE:FREQ=WEEKLY;COUNT=2', 'ORGANIZER:mailto:dan@globex.test', 'ATTENDEE:mailto:ann@agency.test'),
    );
    const touchpoints = parseIcs(text, YEAR_2026).map((e) => eventToTouchpoint(e, contacts));
    expect(touchpoints).toEqual([
      expect.objectContaining({ accountId: 'globex', direction: 'client_initiated', durationMinutes: 30, externalId: 'ics:series@cal:2026-03-02T09:00:00.000Z' }),
      expect.objectContaining({ externalId: 'ics:series@cal:2026-03-09T09:00:00.000Z' }),
    ]);
  });

  it('matchParticipants: nobody known → null', () => {
    expect(matchParticipants(['x@y.test'], contacts)).toBeNull();
  });
});
