import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount, createContact, expectError, login } from '../../test/support/factories.js';
import { backgroundImportsOf } from './routes.js';

/**
 * The import routes through the app's in-process request function: preview, upload (202, then
 * progress and the result on GET), the list, and the 4xx answers for what a client can get wrong.
 */
let t: TestApp;
let owner: TestMember;
let viewer: TestMember;
let other: TestMember;
const csv = { 'content-type': 'text/csv' };

const COMPANIES = [
  '"Record ID","Company name","Company owner","Create Date","Phone Number","Last Activity Date","City","Country/Region","Industry"',
  '"201","Routes Brewing","Ann","2023-02-21 10:15","","","","","Beer"',
  '"202","","Ann","","","","","",""',
].join('\r\n');

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Routes Agency');
  viewer = await t.newMember(owner.workspaceId, 'viewer');
  other = await t.newWorkspace('Other Agency');
  const account = await createAccount(t, owner.token, { name: 'Northwind' });
  await createContact(t, owner.token, account.id, { name: 'Nancy Davolio', emails: ['nancy@northwind.test'] });
});
afterAll(async () => t.close());

/** Polls the import until it is finished, collecting what each poll saw. */
async function finish(id: string, token = owner.token): Promise<{ body: any; seen: any[] }> {
  const seen: any[] = [];
  for (let i = 0; i < 400; i++) {
    const res = await t.request('GET', `/api/imports/${id}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    seen.push(res.body);
    if (res.body.status === 'done' || res.body.status === 'failed') return { body: res.body, seen };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Import ${id} did not finish`);
}

describe('POST /api/imports/preview', () => {
  it('detects the layout and shows the first rows as they would be imported', async () => {
    const res = await t.request('POST', '/api/imports/preview?filename=companies.csv', { token: owner.token, rawBody: COMPANIES, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      format: 'csv',
      layout: 'hubspot_companies',
      layoutLabel: 'HubSpot companies',
      kind: 'accounts',
      header: ['Record ID', 'Company name', 'Company owner', 'Create Date', 'Phone Number', 'Last Activity Date', 'City', 'Country/Region', 'Industry'],
      problems: [],
    });
    expect(res.body.mapping).toEqual({
      'Record ID': 'externalId',
      'Company name': 'name',
      'Company owner': null,
      'Create Date': null,
      'Phone Number': null,
      'Last Activity Date': null,
      City: null,
      'Country/Region': null,
      Industry: 'category',
    });
    expect(res.body.fields).toContain('website');
    expect(res.body.rows).toEqual([
      { line: 2, values: expect.objectContaining({ externalId: 'hubspot:201', name: 'Routes Brewing', category: 'Beer' }), outcome: 'new', errors: [], notes: [] },
      { line: 3, values: expect.any(Object), outcome: 'failed', errors: ['Company name: an account needs a name'], notes: [] },
    ]);
  });

  it('answers the decision the database would make (a known account is unchanged, an unknown one fails)', async () => {
    const file = 'accountName,channel,direction,occurredAt\nNorthwind,call,out,2024-01-02\nNowhere,call,out,2024-01-02\n';
    const res = await t.request('POST', '/api/imports/preview', { token: owner.token, rawBody: file, headers: csv });
    expect(res.body.rows.map((r: any) => [r.line, r.outcome, r.errors])).toEqual([
      [2, 'new', []],
      [3, 'failed', ['accountName: no account named "Nowhere"']],
    ]);
  });

  it('a header no layout matches is shown with its raw rows and the problem, so the columns can be mapped', async () => {
    const res = await t.request('POST', '/api/imports/preview', { token: owner.token, rawBody: 'Client,Sector\nAcme,Beer\n', headers: csv });
    expect(res.status).toBe(200);
    // No verdict per row while the file cannot be imported: the reason is the file's, given once in `problems`.
    expect(res.body).toMatchObject({ layout: null, kind: null, mapping: { Client: null, Sector: null }, rows: [{ line: 2, values: { Client: 'Acme', Sector: 'Beer' }, outcome: null, errors: [] }] });
    expect(res.body.problems).toEqual([{ path: 'header', message: 'The columns match no layout Rapport knows: map them to fields' }]);
    const mapped = await t.request('POST', `/api/imports/preview?mapping=${encodeURIComponent(JSON.stringify({ Client: 'name', Sector: 'category' }))}`, { token: owner.token, rawBody: 'Client,Sector\nAcme,Beer\n', headers: csv });
    expect(mapped.body).toMatchObject({ layout: 'custom_accounts', kind: 'accounts', problems: [], rows: [{ line: 2, values: { name: 'Acme', category: 'Beer' }, outcome: 'new' }] });
  });

  it('recognises a header of Rapport field names and maps each column to the field it names', async () => {
    const file = 'Name,category,value\nField Co,Beer,1200\nField Two,Tea,EUR 300\nField Three,Wine,€ 50\n';
    const res = await t.request('POST', '/api/imports/preview', { token: owner.token, rawBody: file, headers: csv });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ layout: 'fields_accounts', layoutLabel: 'Accounts (Rapport field names)', kind: 'accounts', mapping: { Name: 'name', category: 'category', value: 'value' }, problems: [] });
    expect(res.body.fields).toEqual(res.body.fieldsByKind.accounts);
    // Without a currency for the file the amount with none fails, saying what to do; the others name theirs.
    expect(res.body.rows.map((r: any) => [r.line, r.outcome, r.values.value ?? null, r.errors])).toEqual([
      [2, 'failed', '1200', ['value: an amount needs a currency: choose one for the file, map a currency column, or write it with the amount (EUR 1200)']],
      [3, 'new', '300 EUR', []],
      [4, 'new', '50 EUR', []],
    ]);
  });

  it('a kind in the query decides what the rows become; nothing mapped and no layout leaves it open', async () => {
    const file = 'Who,Mail\nAcme,ann@acme.test\n';
    const open = await t.request('POST', `/api/imports/preview?mapping=${encodeURIComponent(JSON.stringify({ Who: null, Mail: null }))}`, { token: owner.token, rawBody: file, headers: csv });
    expect(open.body).toMatchObject({ kind: null, layout: null, rows: [{ outcome: null }] });
    expect(open.body.fields.length).toBeGreaterThan(open.body.fieldsByKind.accounts.length);
    const contacts = await t.request('POST', `/api/imports/preview?kind=contacts&mapping=${encodeURIComponent(JSON.stringify({ Who: 'name' }))}`, { token: owner.token, rawBody: file, headers: csv });
    expect(contacts.body).toMatchObject({ kind: 'contacts', layout: 'custom_contacts', rows: [{ outcome: null }] });
    expect(contacts.body.problems).toEqual([expect.objectContaining({ path: 'mapping', message: expect.stringContaining('Map a column to accountExternalId or accountName') })]);
    expect(contacts.body.fields).toEqual(contacts.body.fieldsByKind.contacts);
  });

  it('previews a calendar', async () => {
    const start = new Date(Date.now() - 3 * 86_400_000).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
    const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:p1@test\r\nDTSTART:${start}\r\nSUMMARY:Catch-up\r\nATTENDEE:mailto:nancy@northwind.test\r\nEND:VEVENT\r\n`;
    const res = await t.request('POST', '/api/imports/preview', { token: owner.token, rawBody: ics, headers: { 'content-type': 'text/calendar' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ format: 'ics', layout: 'ics', currency: null, rows: [{ outcome: 'new', values: { subject: 'Catch-up', attendees: ['nancy@northwind.test'] } }] });
  });

  it.each([
    ['a JSON body', { 'content-type': 'application/json' }, '{"text":"a,b"}', 415, 'unsupported_media_type'],
    ['plain text', { 'content-type': 'text/plain' }, 'a,b', 415, 'unsupported_media_type'],
    ['an empty file', csv, '', 400, 'invalid_input'],
    ['only a BOM and blank lines', csv, '\uFEFF\r\n\r\n', 400, 'invalid_input'],
    ['more than 1 MiB', csv, `a,b\n${'x,y\n'.repeat(300_000)}`, 413, 'payload_too_large'],
  ])('%s → %i', async (_label, headers, rawBody, status, code) => {
    expectError(await t.request('POST', '/api/imports/preview', { token: owner.token, rawBody, headers }), status, code);
  });
});

describe('POST /api/imports and GET /api/imports/{id}', () => {
  it('answers 202 at once, then shows progress until done with the counts and bad rows; a re-import changes nothing', async () => {
    const lines = ['accountName,channel,direction,occurredAt,subject'];
    for (let i = 0; i < 2500; i++) lines.push(`Northwind,call,out,2024-02-01T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z,Call ${i}`);
    lines.push('Northwind,call,out,not a date,Broken');
    const file = `${lines.join('\n')}\n`;
    const res = await t.request('POST', '/api/imports?filename=calls.csv', { token: owner.token, rawBody: file, headers: csv });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ id: expect.any(String), filename: 'calls.csv', format: 'csv', layout: 'rapport_touchpoints', kind: 'touchpoints', status: 'queued', dryRun: false, bytesTotal: Buffer.byteLength(file), rowsRead: 0 });
    const { body, seen } = await finish(res.body.id);
    expect(body).toMatchObject({ status: 'done', rowsRead: 2501, rowsImported: 2500, rowsUnchanged: 0, rowsFailed: 1, bytesRead: Buffer.byteLength(file), percent: 100, failure: null, errorsOmitted: 0 });
    expect(body.errors).toEqual([{ line: 2502, column: 'occurredAt', message: 'occurredAt: not a date ("not a date")' }]);
    // Progress only ever moves forward.
    const reads = seen.map((s) => s.rowsRead);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));

    const again = await t.request('POST', '/api/imports?filename=calls.csv', { token: owner.token, rawBody: file, headers: csv });
    expect((await finish(again.body.id)).body).toMatchObject({ rowsImported: 0, rowsUnchanged: 2500, rowsFailed: 1 });
    const list = await t.request('GET', '/api/touchpoints?limit=1', { token: owner.token });
    expect(list.status).toBe(200);
  });

  it('a dry run counts and writes nothing', async () => {
    const file = 'accountName,channel,direction,occurredAt\nNorthwind,meeting,in,2024-03-03\n';
    const before = (await t.request('GET', '/api/touchpoints?limit=500', { token: owner.token })).body.items.length;
    const res = await t.request('POST', '/api/imports?dryRun=true&filename=dry.csv', { token: owner.token, rawBody: file, headers: csv });
    expect(res.status).toBe(202);
    expect((await finish(res.body.id)).body).toMatchObject({ dryRun: true, status: 'done', rowsImported: 1 });
    expect((await t.request('GET', '/api/touchpoints?limit=500', { token: owner.token })).body.items.length).toBe(before);
  });

  it('a mapping in the query overrides the detected layout', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ Client: 'name', Sector: 'category' }));
    const res = await t.request('POST', `/api/imports?filename=mine.csv&mapping=${mapping}`, { token: owner.token, rawBody: 'Client,Sector\nMapped Co,Tea\n', headers: csv });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await finish(res.body.id)).body).toMatchObject({ layout: 'custom_accounts', rowsImported: 1, mapping: { Client: 'name', Sector: 'category' } });
  });

  it('lists recent imports, newest first, paged', async () => {
    const first = await t.request('GET', '/api/imports?limit=2', { token: viewer.token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await t.request('GET', `/api/imports?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: viewer.token });
    expect(next.status).toBe(200);
    const ids = [...first.body.items, ...next.body.items].map((i: any) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...first.body.items, ...next.body.items].map((i: any) => i.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it.each([
    ['a JSON body', '/api/imports', { 'content-type': 'application/json' }, '{"a":1}', 415, 'unsupported_media_type'],
    ['no content type', '/api/imports', {}, 'a,b', 415, 'unsupported_media_type'],
    ['an empty file', '/api/imports', csv, '', 400, 'invalid_input'],
    ['a header no layout matches, without a mapping', '/api/imports', csv, 'Client,Sector\nAcme,Beer\n', 400, 'invalid_input'],
    ['a mapping that is not JSON', '/api/imports?mapping=%7Bnope', csv, 'a,b\n', 400, 'invalid_input'],
    ['a mapping to an unknown field', `/api/imports?mapping=${encodeURIComponent('{"a":"colour"}')}`, csv, 'a,b\n', 400, 'invalid_input'],
    ['a mapping naming a column the file lacks', `/api/imports?mapping=${encodeURIComponent('{"Company":"name"}')}`, csv, 'a,b\n1,2\n', 400, 'invalid_input'],
    ['dryRun=yes', '/api/imports?dryRun=yes', csv, 'a,b\n', 400, 'invalid_input'],
    ['an unknown query parameter', '/api/imports?colour=red', csv, 'a,b\n', 400, 'invalid_input'],
    ['a declared length over 200 MB', '/api/imports', { ...csv, 'content-length': String(300 * 1024 * 1024) }, 'a,b\n', 413, 'payload_too_large'],
  ])('%s → %i', async (_label, url, headers, rawBody, status, code) => {
    const res = await t.request('POST', url, { token: owner.token, rawBody, headers });
    expectError(res, status, code);
  });

  it('names the mapping problem', async () => {
    const res = await t.request('POST', `/api/imports?mapping=${encodeURIComponent('{"Company":"name"}')}`, { token: owner.token, rawBody: 'a,b\n1,2\n', headers: csv });
    expect(res.body.error.details).toEqual(expect.arrayContaining([{ path: 'mapping.Company', message: 'The file has no such column' }]));
    const unknown = await t.request('POST', '/api/imports', { token: owner.token, rawBody: 'Client,Sector\nAcme,Beer\n', headers: csv });
    expect(unknown.body.error.details).toEqual([{ path: 'header', message: 'Client, Sector' }]);
  });

  it('a calendar file is imported by content, whatever its content type says', async () => {
    const start = new Date(Date.now() - 2 * 86_400_000).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
    const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:r1@test\r\nDTSTART:${start}\r\nSUMMARY:Review\r\nORGANIZER:mailto:nancy@northwind.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    const res = await t.request('POST', '/api/imports?filename=cal.ics', { token: owner.token, rawBody: ics, headers: csv });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await finish(res.body.id)).body).toMatchObject({ format: 'ics', layout: 'ics', rowsImported: 1 });
  });
});

describe('a CSV saved by Excel on Windows (Windows-1252)', () => {
  // HubSpot's header; the names as Excel writes them on Windows: ü, ä, é, è and € one byte each.
  const LATIN = Buffer.concat([
    Buffer.from('"Record ID","Company name","Industry"\r\n"301","M'),
    Buffer.from([0xfc]),
    Buffer.from('ller B'),
    Buffer.from([0xe4]),
    Buffer.from('ckerei","Food"\r\n"302","Caf'),
    Buffer.from([0xe9]),
    Buffer.from(' Cr'),
    Buffer.from([0xe8]),
    Buffer.from('me ('),
    Buffer.from([0x80]),
    Buffer.from(')","Food"\r\n'),
  ]);

  it('is previewed and imported with its accents, not as U+FFFD', async () => {
    const preview = await t.request('POST', '/api/imports/preview?filename=excel.csv', { token: owner.token, rawBody: LATIN, headers: csv });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.rows.map((r: any) => r.values.name)).toEqual(['Müller Bäckerei', 'Café Crème (€)']);

    const res = await t.request('POST', '/api/imports?filename=excel.csv', { token: owner.token, rawBody: LATIN, headers: csv });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await finish(res.body.id)).body).toMatchObject({ status: 'done', rowsImported: 2, rowsFailed: 0 });
    const list = await t.request('GET', '/api/accounts?q=ckerei', { token: owner.token });
    expect(list.body.items.map((a: any) => a.name)).toEqual(['Müller Bäckerei']);
    const cafe = await t.request('GET', '/api/accounts?q=Cr%C3%A8me', { token: owner.token });
    expect(cafe.body.items.map((a: any) => a.name)).toEqual(['Café Crème (€)']);
  });
});

describe('a currency for amounts that name none', () => {
  const file = 'name,value,currency\nCurrency One,1200,\nCurrency Two,300,USD\n';

  it('the preview suggests the currency most of the workspace\'s accounts are in, else EUR, and applies none unless given', async () => {
    const mine = await t.newWorkspace('Currency Agency');
    const first = await t.request('POST', '/api/imports/preview', { token: mine.token, rawBody: file, headers: csv });
    expect(first.body.currency).toEqual({ applied: null, suggested: 'EUR', suggestedFrom: 'fallback' });
    expect(first.body.rows.map((r: any) => r.outcome)).toEqual(['failed', 'new']);
    await createAccount(t, mine.token, { name: 'Pound One', value: { amount: 100, currency: 'GBP' } });
    await createAccount(t, mine.token, { name: 'Pound Two', value: { amount: 200, currency: 'GBP' } });
    await createAccount(t, mine.token, { name: 'Dollar One', value: { amount: 300, currency: 'USD' } });
    const second = await t.request('POST', '/api/imports/preview', { token: mine.token, rawBody: file, headers: csv });
    expect(second.body.currency).toEqual({ applied: null, suggested: 'GBP', suggestedFrom: 'accounts' });

    const applied = await t.request('POST', '/api/imports/preview?currency=gbp', { token: mine.token, rawBody: file, headers: csv });
    expect(applied.body.currency).toEqual({ applied: 'GBP', suggested: 'GBP', suggestedFrom: 'accounts' });
    // The preview says which amounts take the file's currency: nobody is left to guess.
    expect(applied.body.rows.map((r: any) => [r.outcome, r.values.value])).toEqual([
      ['new', '1200 GBP (chosen for the file)'],
      ['new', '300 USD'],
    ]);
  });

  it('an import with a currency stores it for the amounts without one, and the rows\' own elsewhere; without one they fail', async () => {
    const mine = await t.newWorkspace('Currency Import Agency');
    const without = await t.request('POST', '/api/imports?filename=values.csv', { token: mine.token, rawBody: file, headers: csv });
    expect(without.status, JSON.stringify(without.body)).toBe(202);
    expect((await finish(without.body.id, mine.token)).body).toMatchObject({ layout: 'fields_accounts', rowsImported: 1, rowsFailed: 1 });
    const res = await t.request('POST', '/api/imports?filename=values.csv&currency=CHF', { token: mine.token, rawBody: file, headers: csv });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await finish(res.body.id, mine.token)).body).toMatchObject({ rowsImported: 1, rowsUnchanged: 1, rowsFailed: 0 });
    const list = await t.request('GET', '/api/accounts?limit=10&sort=name', { token: mine.token });
    expect(list.body.items.map((a: any) => [a.name, a.value])).toEqual([
      ['Currency One', { amount: 1200, currency: 'CHF' }],
      ['Currency Two', { amount: 300, currency: 'USD' }],
    ]);
  });

  it.each([
    ['a currency that is no code', '/api/imports?currency=euro'],
    ['a currency with digits', '/api/imports/preview?currency=E1R'],
    ['an unknown kind', '/api/imports/preview?kind=companies'],
  ])('%s → 400', async (_label, url) => {
    expectError(await t.request('POST', url, { token: owner.token, rawBody: file, headers: csv }), 400, 'invalid_input');
  });
});

describe('access', () => {
  it('a viewer reads imports but may not preview or import (403)', async () => {
    expectError(await t.request('POST', '/api/imports', { token: viewer.token, rawBody: COMPANIES, headers: csv }), 403, 'forbidden');
    expectError(await t.request('POST', '/api/imports/preview', { token: viewer.token, rawBody: COMPANIES, headers: csv }), 403, 'forbidden');
    expect((await t.request('GET', '/api/imports', { token: viewer.token })).status).toBe(200);
  });

  it('without credentials → 401; a session must send its CSRF token', async () => {
    expectError(await t.request('POST', '/api/imports', { rawBody: COMPANIES, headers: csv }), 401, 'unauthenticated');
    expectError(await t.request('GET', '/api/imports'), 401, 'unauthenticated');
    const session = await login(t, owner.email);
    expectError(await t.request('POST', '/api/imports', { rawBody: COMPANIES, headers: { ...csv, cookie: session.cookie } }), 403, 'csrf_failed');
    const ok = await t.request('POST', '/api/imports', { rawBody: COMPANIES, headers: { ...csv, cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
    expect(ok.status).toBe(202);
    await finish(ok.body.id);
  });

  it('another workspace sees none of them (404 and an empty list)', async () => {
    const mine = await t.request('GET', '/api/imports?limit=1', { token: owner.token });
    const id = mine.body.items[0].id;
    expectError(await t.request('GET', `/api/imports/${id}`, { token: other.token }), 404, 'not_found');
    expect((await t.request('GET', '/api/imports', { token: other.token })).body.items).toEqual([]);
  });

  it('a local secret this server did not publish → 401', async () => {
    expectError(await t.request('GET', '/api/imports', { headers: { 'x-rapport-local-secret': 'x'.repeat(43) } }), 401, 'unauthenticated');
  });

  it('closing the app stops a running import after its batch and waits for it: never left running', async () => {
    const app = await createTestApp();
    const me = await app.newWorkspace('Closing Agency');
    await createAccount(app, me.token, { name: 'Closing Co' });
    const lines = ['accountName,channel,direction,occurredAt'];
    for (let i = 0; i < 20_000; i++) lines.push(`Closing Co,call,out,2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`);
    const res = await app.request('POST', '/api/imports', { token: me.token, rawBody: lines.join('\n'), headers: csv });
    expect(res.status).toBe(202);
    expect(backgroundImportsOf(app.rapport.deps)?.size).toBe(1);
    await app.rapport.app.close();
    expect(backgroundImportsOf(app.rapport.deps)?.size).toBe(0);
    const row = await app.rapport.deps.db.selectFrom('imports').select(['status', 'rows_imported', 'errors']).where('id', '=', res.body.id).executeTakeFirstOrThrow();
    const touchpoints = await app.rapport.deps.db.selectFrom('touchpoints').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', me.workspaceId).executeTakeFirstOrThrow();
    expect(['done', 'failed']).toContain(row.status);
    expect(Number(touchpoints.n)).toBe(row.rows_imported);
    if (row.status === 'failed') expect(row.errors[0]).toMatchObject({ line: 0, message: expect.stringContaining('stopped before the end of the file') });
    await app.rapport.database.close();
  });
});
