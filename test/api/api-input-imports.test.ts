import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';

/**
 * Imports keep the good rows and report each bad one by its line. A CSV upload that is UTF-8 up to
 * its first accent (line 3) and then has a row in Windows-1252 (a name typed in Excel and saved as
 * "CSV (Comma delimited)"): the file is read as UTF-8 (decision 0007), that row is reported by its
 * line and column, and the good rows around it are imported — never stored with U+FFFD in place of
 * the letters. A file in Windows-1252 throughout is read as such (src/imports/routes.int.test.ts).
 */
let t: TestApp;
let owner: TestMember;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Encoding Agency');
});
afterAll(async () => t.close());

async function upload(url: string, file: Buffer, contentType = 'text/csv') {
  const response = await t.rapport.app.inject({ method: 'POST', url, payload: file, headers: { authorization: `Bearer ${owner.token}`, 'content-type': contentType } });
  return { status: response.statusCode, body: response.json() };
}

async function finish(id: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const res = await t.request('GET', `/api/imports/${id}`, { token: owner.token });
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Import ${id} did not finish`);
}

// Lines 4–15: plain rows, so that the Windows-1252 row lies past the 1 KB after the first accent
// by which the reader tells UTF-8 from Windows-1252 (src/imports/encoding.ts), and still within
// the preview's 20 rows.
const FILLER = Array.from({ length: 12 }, (_, i) => `${400 + i},Filler Company ${i},${'Professional services '.repeat(4).trim()}\r\n`).join('');
const FILE = Buffer.concat([
  Buffer.from(`Record ID,Company name,Industry\r\n301,Good Brewing,Beer\r\n302,Ölund Bakery,Food\r\n${FILLER}`),
  // Line 16: Windows-1252 bytes (ü is 0xFC, é is 0xE9), not UTF-8.
  Buffer.from('303,Müller GmbH,Café\r\n', 'latin1'),
  Buffer.from('304,,Beer\r\n305,Last Good,Beer\r\n'),
]);

describe('a CSV with rows that are not UTF-8', () => {
  it('reports each such row by line and column, and imports the good ones', async () => {
    const started = await upload('/api/imports?filename=companies.csv', FILE);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await finish(started.body.id);
    expect(done).toMatchObject({ status: 'done', rowsRead: 17, rowsImported: 15, rowsFailed: 2 });
    expect(done.errors).toEqual([
      { line: 16, column: 'Company name', message: expect.stringMatching(/^Company name: contains bytes that are not UTF-8 .*; Industry: contains bytes that are not UTF-8/) },
      { line: 17, column: 'Company name', message: 'Company name: an account needs a name' },
    ]);
    const names = (await t.request('GET', '/api/accounts?limit=100', { token: owner.token })).body.items.map((a: { name: string }) => a.name);
    expect(names.filter((n: string) => !n.startsWith('Filler')).sort()).toEqual(['Good Brewing', 'Last Good', 'Ölund Bakery']);
    expect(names).toHaveLength(15);
    expect(JSON.stringify(names)).not.toContain('\uFFFD');
  });

  it('the preview shows the row as one that would fail', async () => {
    const res = await upload('/api/imports/preview?filename=companies.csv', FILE);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = res.body.rows.find((r: { line: number }) => r.line === 16);
    expect(JSON.stringify(row)).toContain('not UTF-8');
  });
});

/** A calendar of three meetings with a contact; the second's start is no date (its UID on line 12). */
const CALENDAR = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
  'BEGIN:VEVENT', 'UID:good-1', 'DTSTART:20260105T100000Z', 'SUMMARY:Kick-off', 'ORGANIZER:mailto:me@agency.test', 'ATTENDEE:mailto:anna@kunde.test', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:broken', 'DTSTART:notadate', 'SUMMARY:Never', 'ATTENDEE:mailto:anna@kunde.test', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:good-2', 'DTSTART:20260112T100000Z', 'SUMMARY:Review', 'ATTENDEE:mailto:anna@kunde.test', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');
const RANGE = 'from=2026-01-01&to=2026-03-01';

describe('a calendar with an event that cannot be read', () => {
  beforeAll(async () => {
    const account = await t.request('POST', '/api/accounts', { token: owner.token, body: { name: 'Kunde GmbH' } });
    await t.request('POST', `/api/accounts/${account.body.id}/contacts`, { token: owner.token, body: { name: 'Anna', emails: ['anna@kunde.test'] } });
  });

  it('the preview lists the event as failing and the others as new', async () => {
    const res = await upload(`/api/imports/preview?filename=cal.ics&${RANGE}`, Buffer.from(CALENDAR), 'text/calendar');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['failed', 'new', 'new']);
    expect(res.body.rows[0].errors).toEqual([expect.stringContaining('Event broken: DTSTART is not a valid date')]);
  });

  it('the import reports the event at its UID line and imports the others', async () => {
    const started = await upload(`/api/imports?filename=cal.ics&${RANGE}`, Buffer.from(CALENDAR), 'text/calendar');
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await finish(started.body.id);
    expect(done).toMatchObject({ status: 'done', failure: null, rowsRead: 3, rowsImported: 2, rowsFailed: 1 });
    expect(done.errors).toEqual([{ line: 12, column: null, message: expect.stringContaining('Event broken: DTSTART is not a valid date') }]);
    const touchpoints = await t.request('GET', '/api/touchpoints?limit=50', { token: owner.token });
    expect(touchpoints.body.items.map((tp: { subject: string }) => tp.subject).sort()).toEqual(['Kick-off', 'Review']);
  });
});
