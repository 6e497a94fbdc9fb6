import { describe, expect, it } from 'vitest';
import { parseDateTime, type DateOrder } from './dates.js';

describe('parseDateTime reads the formats exports use', () => {
  it.each<[string, string, DateOrder?]>([
    // ISO 8601 and its relatives
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['2024-03-01T14:30:00Z', '2024-03-01T14:30:00.000Z'],
    ['2024-03-01T14:30:00.123Z', '2024-03-01T14:30:00.123Z'],
    ['2024-03-01T14:30:00+02:00', '2024-03-01T12:30:00.000Z'],
    ['2024-03-01T14:30:00-0500', '2024-03-01T19:30:00.000Z'],
    ['2024-03-01T14:30', '2024-03-01T14:30:00.000Z'],
    ['2024-3-1', '2024-03-01T00:00:00.000Z'],
    // Salesforce: milliseconds and an offset without a colon
    ['2024-03-01T14:30:00.000+0000', '2024-03-01T14:30:00.000Z'],
    // HubSpot: a space, no seconds, no zone (read as UTC)
    ['2023-02-21 10:15', '2023-02-21T10:15:00.000Z'],
    ['2023-02-21 10:15:59', '2023-02-21T10:15:59.000Z'],
    ['2023-02-21 10:15 UTC', '2023-02-21T10:15:00.000Z'],
    ['2023-02-21 10:15 GMT+1', '2023-02-21T09:15:00.000Z'],
    ['2024/03/01 09:00', '2024-03-01T09:00:00.000Z'],
    // day and month: unambiguous either way round
    ['31/01/2024', '2024-01-31T00:00:00.000Z'],
    ['01/31/2024', '2024-01-31T00:00:00.000Z'],
    ['13/12/2024 14:05', '2024-12-13T14:05:00.000Z'],
    ['12/13/2024 2:05 PM', '2024-12-13T14:05:00.000Z'],
    ['12/13/2024 12:05 am', '2024-12-13T00:05:00.000Z'],
    ['12/13/2024 12:05 p.m.', '2024-12-13T12:05:00.000Z'],
    ['05/05/2024', '2024-05-05T00:00:00.000Z'],
    ['31.01.2024', '2024-01-31T00:00:00.000Z'],
    ['01.02.2024 08:00', '2024-02-01T08:00:00.000Z'],
    ['31-01-2024', '2024-01-31T00:00:00.000Z'],
    ['31/01/24', '2024-01-31T00:00:00.000Z'],
    ['31/01/99', '1999-01-31T00:00:00.000Z'],
    // ambiguous, settled by the date order
    ['03/04/2024', '2024-04-03T00:00:00.000Z', 'dmy'],
    ['03/04/2024', '2024-03-04T00:00:00.000Z', 'mdy'],
    // month names
    ['1 Mar 2024', '2024-03-01T00:00:00.000Z'],
    ['1st March 2024 14:30', '2024-03-01T14:30:00.000Z'],
    ['Mar 1, 2024', '2024-03-01T00:00:00.000Z'],
    ['March 1 2024 2:30 pm', '2024-03-01T14:30:00.000Z'],
    ['Tue, 05 Mar 2024 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
    ['  2024-03-01  ', '2024-03-01T00:00:00.000Z'],
  ])('%j → %s', (text, iso, order) => {
    const result = parseDateTime(text, order);
    expect(result).toEqual({ ok: true, date: new Date(iso) });
  });

  it('leap days exist only in leap years', () => {
    expect(parseDateTime('2024-02-29').ok).toBe(true);
    expect(parseDateTime('2023-02-29').ok).toBe(false);
    expect(parseDateTime('29/02/2000').ok).toBe(true);
    expect(parseDateTime('29/02/1900').ok).toBe(false);
  });
});

describe('parseDateTime refuses, quoting the text', () => {
  it.each<[string, string]>([
    ['31/02/2024', 'not a date ("31/02/2024")'],
    ['2024-02-30', 'not a date ("2024-02-30")'],
    ['2024-13-01', 'not a date ("2024-13-01")'],
    ['32/01/2024', 'not a date ("32/01/2024")'],
    ['13/13/2024', 'not a date ("13/13/2024")'],
    ['2024-03-01T24:00', 'not a date ("2024-03-01T24:00")'],
    ['2024-03-01T12:60', 'not a date ("2024-03-01T12:60")'],
    ['2024-03-01 13:00 PM', 'not a date ("2024-03-01 13:00 PM")'],
    ['2024-03-01T10:00+15:00', 'not a date ("2024-03-01T10:00+15:00")'],
    ['yesterday', 'not a date ("yesterday")'],
    ['1709301600000', 'not a date ("1709301600000")'],
    ['', 'not a date ("")'],
    ['Foo 1, 2024', 'not a date ("Foo 1, 2024")'],
    ['0024-01-01', 'not a date in a plausible year ("0024-01-01")'],
    ['2400-01-01', 'not a date in a plausible year ("2400-01-01")'],
  ])('%j', (text, message) => {
    expect(parseDateTime(text)).toEqual({ ok: false, message });
  });

  it('an ambiguous day/month without a date order, saying how to fix it', () => {
    const result = parseDateTime('03/04/2024');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^ambiguous date \("03\/04\/2024"\): .*YYYY-MM-DD/);
  });

  it('shortens a long text in the message', () => {
    const result = parseDateTime('x'.repeat(500));
    expect(!result.ok && result.message.length).toBeLessThan(100);
  });
});
