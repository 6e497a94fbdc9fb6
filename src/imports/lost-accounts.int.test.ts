import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount, expectError } from '../../test/support/factories.js';
import { fixedClock } from '../platform/clock.js';

/**
 * Importing churned clients (decision 0021) through the HTTP routes, on both engines: a lost row
 * becomes an account with its loss record, made by the use-case that marks an account lost (its
 * audit row, its rules); a lost row without its day, or with a day the rules refuse, is a bad row
 * by line; re-importing changes nothing; a dry run and the preview say what would happen and
 * write nothing. The clock is fixed at 2026-07-15 12:00 UTC.
 */
const NOW = '2026-07-15T12:00:00.000Z';
const csv = { 'content-type': 'text/csv' };
type Json = any;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(NOW) });
});
afterAll(async () => t.close());

const db = () => t.rapport.deps.db;

/** Uploads a file and polls the import until it is finished. */
async function importFile(me: TestMember, file: string, query = ''): Promise<Json> {
  const res = await t.request('POST', `/api/imports?filename=churned.csv${query}`, { token: me.token, rawBody: file, headers: csv });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  for (let i = 0; i < 400; i++) {
    const got = await t.request('GET', `/api/imports/${res.body.id}`, { token: me.token });
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    if (got.body.status === 'done' || got.body.status === 'failed') return got.body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('The import did not finish');
}

/** The import's counts; `markedLost`: of the rows imported, the accounts recorded lost with their loss record. */
const counts = (v: Json) => ({ read: v.rowsRead, imported: v.rowsImported, markedLost: v.accountsMarkedLost, unchanged: v.rowsUnchanged, failed: v.rowsFailed });
const errorLines = (v: Json) => v.errors.map((e: Json) => `line ${e.line}: ${e.message}`);

async function accountsOf(me: TestMember): Promise<Json[]> {
  const { rows } = await sql<Json>`
    select a.name, a.status, l.lost_on::text as lost_on, l.reasons, l.notes, l.recorded_by
    from accounts a left join account_losses l on l.workspace_id = a.workspace_id and l.account_id = a.id
    where a.workspace_id = ${me.workspaceId} order by a.sort_name`.execute(db());
  return rows;
}

async function auditCount(me: TestMember, action: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_events where workspace_id = ${me.workspaceId} and action = ${action}`.execute(db());
  return rows[0]?.n ?? 0;
}

// A HubSpot companies export with the churn properties an agency adds (custom properties, exported by label).
const HUBSPOT = [
  '"Record ID","Company name","Industry","Lifecycle Stage","Churn date","Churn reason","Churn notes"',
  '"501","Acme Brewing","Beer","Former customer","2026-03-01","Price;Quality of work","New CFO cut the retainer"',
  '"502","Globex","Fintech","Customer","","",""',
  '"503","Initech","Software","Churned","","Price",""',
  '"504","Umbrella","Pharma","Churned","2026-03-01 18:30","Went with a cheaper agency",""',
  '"505","Hooli","Tech","Churned","2026-08-01","",""',
  '"506","Soylent","Food","Churned","31/02/2026","",""',
  '"507","Pied Piper","Tech","Churned","1 Feb 2026","Timing",""',
].join('\r\n');

describe('importing churned companies', () => {
  it('creates each lost account with its loss record, reports the rows it cannot record by line, and keeps the good ones', async () => {
    const me = await t.newWorkspace('Churn Agency');
    const view = await importFile(me, HUBSPOT);
    expect(view).toMatchObject({ status: 'done', layout: 'hubspot_companies' });
    // Globex is imported as a customer; the three others imported are lost, with their records.
    expect(counts(view)).toEqual({ read: 7, imported: 4, markedLost: 3, unchanged: 0, failed: 3 });
    expect(errorLines(view)).toEqual([
      'line 4: Churn date: a lost account needs the day it was lost, and this row has none',
      'line 6: Churn date: cannot be after today (2026-07-16 at the latest, in the time zone furthest ahead)',
      'line 7: Churn date: not a date ("31/02/2026")',
    ]);
    expect(await accountsOf(me)).toEqual([
      { name: 'Acme Brewing', status: 'lost', lost_on: '2026-03-01', reasons: ['price', 'quality'], notes: 'New CFO cut the retainer', recorded_by: me.userId },
      { name: 'Globex', status: 'active', lost_on: null, reasons: null, notes: null, recorded_by: null },
      { name: 'Pied Piper', status: 'lost', lost_on: '2026-02-01', reasons: ['unknown'], notes: 'Churn reason: Timing', recorded_by: me.userId },
      { name: 'Umbrella', status: 'lost', lost_on: '2026-03-01', reasons: ['price', 'consolidation'], notes: 'Churn reason: Went with a cheaper agency', recorded_by: me.userId },
    ]);
    // Made by the use-case that marks an account lost: audited, one event per account.
    expect(await auditCount(me, 'account.marked_lost')).toBe(3);
    // The list of imports says it too, and so does the import's audit row.
    const list = await t.request('GET', '/api/imports', { token: me.token });
    expect(list.body.items.map((i: Json) => counts(i))).toEqual([counts(view)]);
    const { rows: audit } = await sql<Json>`select changes from audit_events where workspace_id = ${me.workspaceId} and action = 'import.completed'`.execute(db());
    expect(audit.map((a) => a.changes)).toEqual([expect.objectContaining({ imported: 4, markedLost: 3 })]);

    // The loss report and the post-mortem read the records.
    const report = await t.request('GET', '/api/postmortems/reasons', { token: me.token });
    expect(report.status).toBe(200);
    expect(report.body.totals.accounts).toBe(3);
    expect(report.body.reasons.slice(0, 2)).toEqual([
      expect.objectContaining({ reason: 'price', accounts: 2 }),
      expect.objectContaining({ reason: 'quality', accounts: 1 }),
    ]);
    const acme = report.body.accounts.find((a: Json) => a.name === 'Acme Brewing');
    const postmortem = await t.request('GET', `/api/accounts/${acme.accountId}/postmortem`, { token: me.token });
    expect(postmortem.status, JSON.stringify(postmortem.body)).toBe(200);
    expect(postmortem.body.loss).toMatchObject({ lostOn: '2026-03-01', reasons: ['price', 'quality'] });

    // Importing the same file again adds nothing: no account, no record, no audit row; the same bad rows.
    const again = await importFile(me, HUBSPOT);
    expect(counts(again)).toEqual({ read: 7, imported: 0, markedLost: 0, unchanged: 4, failed: 3 });
    expect(errorLines(again)).toEqual(errorLines(view));
    expect((await accountsOf(me)).map((a) => [a.name, a.status, a.lost_on])).toEqual([
      ['Acme Brewing', 'lost', '2026-03-01'],
      ['Globex', 'active', null],
      ['Pied Piper', 'lost', '2026-02-01'],
      ['Umbrella', 'lost', '2026-03-01'],
    ]);
    expect(await auditCount(me, 'account.marked_lost')).toBe(3);
  });

  it('a dry run counts the same and writes nothing', async () => {
    const me = await t.newWorkspace('Dry Churn Agency');
    const view = await importFile(me, HUBSPOT, '&dryRun=true');
    expect(counts(view)).toEqual({ read: 7, imported: 4, markedLost: 3, unchanged: 0, failed: 3 });
    expect(await accountsOf(me)).toEqual([]);
    expect(await auditCount(me, 'account.marked_lost')).toBe(0);
  });

  it('a file of lost rows with no column for the day says which column to map, at every lost row', async () => {
    const me = await t.newWorkspace('No Day Agency');
    const file = ['Id,Name,Type', '001A,Initech,Customer - Direct', '001B,Umbrella,Former Customer', '001C,Hooli,Closed Lost'].join('\n');
    const view = await importFile(me, file);
    expect(counts(view)).toEqual({ read: 3, imported: 1, markedLost: 0, unchanged: 0, failed: 2 });
    expect(errorLines(view)).toEqual([
      'line 3: Type: a lost account needs the day it was lost: map a column such as "Churn date" to the day it was lost (lostOn)',
      'line 4: Type: a lost account needs the day it was lost: map a column such as "Churn date" to the day it was lost (lostOn)',
    ]);
    expect((await accountsOf(me)).map((a) => [a.name, a.status])).toEqual([['Initech', 'active']]);
    // Mapped by hand, a column of the file's own naming gives the day.
    const withDay = ['Id,Name,Type,Ended', '001A,Initech,Customer - Direct,', '001B,Umbrella,Former Customer,2025-12-31', '001C,Hooli,Closed Lost,2026-01-15'].join('\n');
    const mapping = encodeURIComponent(JSON.stringify({ Id: 'externalId', Name: 'name', Type: 'status', Ended: 'lostOn' }));
    const mapped = await importFile(me, withDay, `&mapping=${mapping}`);
    expect(counts(mapped)).toEqual({ read: 3, imported: 2, markedLost: 2, unchanged: 1, failed: 0 });
    expect((await accountsOf(me)).map((a) => [a.name, a.status, a.lost_on, a.reasons])).toEqual([
      ['Hooli', 'lost', '2026-01-15', ['unknown']],
      ['Initech', 'active', null, null],
      ['Umbrella', 'lost', '2025-12-31', ['unknown']],
    ]);
  });
});

describe('a lost row whose account is already in Rapport', () => {
  it('an account lost without a record (imported before imports recorded losses) is given the row\'s record, once', async () => {
    const me = await t.newWorkspace('Legacy Agency');
    const old = await createAccount(t, me.token, { name: 'Acme Brewing', status: 'active' });
    await sql`update accounts set status = 'lost' where workspace_id = ${me.workspaceId} and id = ${old.id}`.execute(db());
    const file = ['name,status,lostOn,lossReasons', 'Acme Brewing,churned,2026-02-01,in_housing'].join('\n');
    const preview = await t.request('POST', '/api/imports/preview', { token: me.token, rawBody: file, headers: csv });
    expect(preview.body.rows.map((r: Json) => [r.outcome, r.notes])).toEqual([['new', ['Already in Rapport as lost, without a loss record: the loss of 2026-02-01 is recorded']]]);
    const view = await importFile(me, file);
    expect(counts(view)).toEqual({ read: 1, imported: 1, markedLost: 1, unchanged: 0, failed: 0 });
    expect(await accountsOf(me)).toEqual([{ name: 'Acme Brewing', status: 'lost', lost_on: '2026-02-01', reasons: ['in_housing'], notes: '', recorded_by: me.userId }]);
    expect(counts(await importFile(me, file))).toEqual({ read: 1, imported: 0, markedLost: 0, unchanged: 1, failed: 0 });
    expect(await auditCount(me, 'account.marked_lost')).toBe(1);
  });

  it('a record already there stays as it is; an open account keeps its status; a day before the account began fails the row', async () => {
    const me = await t.newWorkspace('Existing Agency');
    const marked = await createAccount(t, me.token, { name: 'Marked Co', status: 'active' });
    const lost = await t.request('POST', `/api/accounts/${marked.id}/lost`, { token: me.token, body: { lostOn: '2026-05-01', reasons: ['relationship'], notes: 'In our words' } });
    expect(lost.status).toBe(201);
    await createAccount(t, me.token, { name: 'Open Co', status: 'active' });
    const late = await createAccount(t, me.token, { name: 'Late Co', status: 'active', startedOn: '2026-04-01' });
    await sql`update accounts set status = 'lost' where workspace_id = ${me.workspaceId} and id = ${late.id}`.execute(db());
    const file = ['name,status,lostOn,lossReasons', 'Marked Co,churned,2026-01-01,price', 'Open Co,churned,2026-01-01,price', 'Late Co,churned,2026-01-01,price'].join('\n');

    const preview = await t.request('POST', '/api/imports/preview', { token: me.token, rawBody: file, headers: csv });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.rows.map((r: Json) => [r.line, r.outcome, r.errors, r.notes])).toEqual([
      [2, 'unchanged', [], ['Already in Rapport, lost on 2026-05-01: its loss record stays as it is']],
      [3, 'unchanged', [], ["Already in Rapport as active: an import does not change an account's status, so this loss is not recorded (mark the account lost on its page if it was)"]],
      [4, 'failed', ['lostOn: cannot be before the account began (2026-04-01)'], []],
    ]);

    const view = await importFile(me, file);
    expect(counts(view)).toEqual({ read: 3, imported: 0, markedLost: 0, unchanged: 2, failed: 1 });
    expect(errorLines(view)).toEqual(['line 4: lostOn: cannot be before the account began (2026-04-01)']);
    const after = [
      ['Late Co', 'lost', null, null, null],
      ['Marked Co', 'lost', '2026-05-01', ['relationship'], 'In our words'],
      ['Open Co', 'active', null, null, null],
    ];
    expect((await accountsOf(me)).map((a) => [a.name, a.status, a.lost_on, a.reasons, a.notes])).toEqual(after);

    // A file that gives no day (an export made before the churn properties): a row fails only where a record would be made.
    const noDay = await importFile(me, ['name,status', 'Marked Co,churned', 'Open Co,churned', 'Late Co,churned', 'New Co,churned'].join('\n'));
    expect(counts(noDay)).toEqual({ read: 4, imported: 0, markedLost: 0, unchanged: 2, failed: 2 });
    expect(errorLines(noDay)).toEqual([
      'line 4: status: a lost account needs the day it was lost: map a column such as "Churn date" to the day it was lost (lostOn)',
      'line 5: status: a lost account needs the day it was lost: map a column such as "Churn date" to the day it was lost (lostOn)',
    ]);
    expect((await accountsOf(me)).map((a) => [a.name, a.status, a.lost_on, a.reasons, a.notes])).toEqual(after);
  });
});

describe('the preview of lost rows', () => {
  it('shows the loss each row would record and what would happen, and writes nothing', async () => {
    const me = await t.newWorkspace('Preview Agency');
    const res = await t.request('POST', '/api/imports/preview?filename=churned.csv', { token: me.token, rawBody: HUBSPOT, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.mapping).toMatchObject({ 'Lifecycle Stage': 'status', 'Churn date': 'lostOn', 'Churn reason': 'lossReasons', 'Churn notes': 'lossNotes' });
    expect(res.body.fields).toEqual(expect.arrayContaining(['lostOn', 'lossReasons', 'lossNotes']));
    const rows = res.body.rows.map((r: Json) => ({ line: r.line, outcome: r.outcome, errors: r.errors, notes: r.notes, status: r.values.status, lostOn: r.values.lostOn, lossReasons: r.values.lossReasons }));
    expect(rows).toEqual([
      { line: 2, outcome: 'new', errors: [], notes: ['Created lost on 2026-03-01, with its loss record'], status: 'lost', lostOn: '2026-03-01', lossReasons: ['price', 'quality'] },
      { line: 3, outcome: 'new', errors: [], notes: [], status: 'active', lostOn: undefined, lossReasons: undefined },
      { line: 4, outcome: 'failed', errors: ['Churn date: a lost account needs the day it was lost, and this row has none'], notes: [], status: 'lost', lostOn: null, lossReasons: ['price'] },
      { line: 5, outcome: 'new', errors: [], notes: ['Created lost on 2026-03-01, with its loss record'], status: 'lost', lostOn: '2026-03-01', lossReasons: ['price', 'consolidation'] },
      { line: 6, outcome: 'failed', errors: ['Churn date: cannot be after today (2026-07-16 at the latest, in the time zone furthest ahead)'], notes: [], status: 'lost', lostOn: '2026-08-01', lossReasons: ['unknown'] },
      // A row that cannot be read shows its cells as they are in the file.
      { line: 7, outcome: 'failed', errors: ['Churn date: not a date ("31/02/2026")'], notes: [], status: 'Churned', lostOn: '31/02/2026', lossReasons: '' },
      { line: 8, outcome: 'new', errors: [], notes: ['Created lost on 2026-02-01, with its loss record'], status: 'lost', lostOn: '2026-02-01', lossReasons: ['unknown'] },
    ]);
    expect(res.body.rows[6].values.lossNotes).toBe('Churn reason: Timing');
    expect(await accountsOf(me)).toEqual([]);
  });

  it('no content of a lost row makes a 500: odd days, reasons and notes are bad rows or imported', async () => {
    const me = await t.newWorkspace('Odd Agency');
    const odd = [
      'name,status,lostOn,lossReasons,lossNotes',
      'A,lost,0000-00-00,,',
      'B,lost,9999-12-31,,',
      `C,lost,2026-01-01,"${'price;'.repeat(5000)}",`,
      `D,lost,2026-01-01,"[""x"",1,null]",`,
      `E,lost,2026-01-01,"${'€'.repeat(25_000)}",`,
      'F,lost,2026-01-01T25:00:00Z,,',
      'G,lost,-1,,',
      'H,lost,2026-01-01,"[unclosed",',
    ].join('\n');
    const preview = await t.request('POST', '/api/imports/preview', { token: me.token, rawBody: odd, headers: csv });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const view = await importFile(me, odd);
    expect(view.status).toBe('done');
    expect(counts(view)).toEqual({ read: 8, imported: 3, markedLost: 3, unchanged: 0, failed: 5 });
    expect(errorLines(view)).toEqual([
      'line 2: lostOn: not a date in a plausible year ("0000-00-00")',
      'line 3: lostOn: not a date in a plausible year ("9999-12-31")',
      "line 6: lossReasons: too long: the notes and the reasons' own words come to 25013 characters (at most 20000)",
      'line 7: lostOn: not a date ("2026-01-01T25:00:00Z")',
      'line 8: lostOn: not a date ("-1")',
    ]);
    expect((await accountsOf(me)).map((a) => [a.name, a.reasons])).toEqual([
      ['C', ['price']],
      ['D', ['unknown']],
      ['H', ['unknown']],
    ]);
    // A bad value in the query is a 400, never a 500.
    expectError(await t.request('POST', '/api/imports/preview?mapping=%7B%22x%22%3A%22lostDay%22%7D', { token: me.token, rawBody: odd, headers: csv }), 400, 'invalid_input');
  });
});
