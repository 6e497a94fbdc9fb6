import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import type { Database } from '../platform/db/database.js';
import { systemClock } from '../platform/clock.js';
import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { createUser } from '../workspaces/create-user.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { workspacesRepo } from '../workspaces/repo.js';
import { createAccount } from '../accounts/create-account.js';
import { CreateAccountSchema } from '../accounts/schemas.js';
import { createImport } from './create-import.js';
import { PLAN_BYTES, planImport, type PlanInput } from './plan.js';
import { runImport, STOPPED_MESSAGE, type ImportProgress } from './run-import.js';
import type { ImportView } from './schemas.js';

/**
 * The import engine against a real database (PGlite, and PostgreSQL in the postgres project): the
 * CRM layouts written from their documented formats with invented rows, and Rapport's touchpoint
 * CSV with the awkward parts of real files. Each test gets a workspace of its own.
 */
let database: Database;
let deps: Deps;
let actor: Actor;
let n = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = { db: database.db, clock: systemClock };
});
afterAll(async () => database.close());

beforeEach(async () => {
  const user = await createUser(deps, { email: `importer${++n}@agency.test`, password: 'long enough pw', name: `Importer ${n}` });
  const ws = await createWorkspace(deps, { name: `Import Agency ${n}`, ownerUserId: user.id, ownerLabel: user.email });
  actor = { workspaceId: ws.id, userId: user.id, role: 'owner', label: user.email };
});

interface Run {
  view: ImportView;
  progress: ImportProgress[];
}

async function importText(
  text: string | Buffer,
  options: { dryRun?: boolean; batchSize?: number; plan?: PlanInput; chunk?: number; signal?: AbortSignal; input?: Readable; onProgress?: (p: ImportProgress) => void } = {},
): Promise<Run> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const plan = await planImport(bytes.subarray(0, PLAN_BYTES).toString('utf8'), options.plan ?? {}, deps.clock.now());
  const created = await createImport(deps, actor, { filename: 'test.csv', plan, dryRun: options.dryRun ?? false, bytesTotal: bytes.length });
  const chunks: Buffer[] = [];
  const size = options.chunk ?? 4096;
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const progress: ImportProgress[] = [];
  const view = await runImport(deps, actor, created.id, plan, options.input ?? Readable.from(chunks), {
    dryRun: options.dryRun ?? false,
    bytesTotal: bytes.length,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (p) => {
      progress.push(p);
      options.onProgress?.(p);
    },
  });
  return { view, progress };
}

async function countOf(table: 'accounts' | 'contacts' | 'touchpoints' | 'touchpoint_contacts' | 'touchpoint_members'): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where workspace_id = ${actor.workspaceId}`.execute(deps.db);
  return rows[0]?.n ?? 0;
}
const counts = (v: ImportView) => ({ read: v.rowsRead, imported: v.rowsImported, unchanged: v.rowsUnchanged, failed: v.rowsFailed });
const errorLines = (v: ImportView) => v.errors.map((e) => `line ${e.line}: ${e.message}`);

// HubSpot: every field quoted, `Record ID` first (the default-view export headers).
const HUBSPOT_COMPANIES = [
  '"Record ID","Company name","Company owner","Create Date","Phone Number","Last Activity Date","City","Country/Region","Industry"',
  '"101","Acme Brewing","Ann Agent","2023-02-21 10:15","+1 555 0100","","Boston","United States","Beer"',
  '"102","Globex","Ann Agent","2023-02-21 10:16","","","Paris","France","Fintech"',
  '"103","Café Ölund","Bo Agent","2023-03-01 09:00","","","Malmö","Sweden","Food"',
  '"101","Acme Brewing","Ann Agent","2023-02-21 10:15","+1 555 0100","","Boston","United States","Beer"',
  '"104","","Bo Agent","","","","","",""',
].join('\r\n');
const HUBSPOT_CONTACTS = [
  '"Record ID","First Name","Last Name","Email","Phone Number","Contact owner","Primary Associated Company ID","Last Activity Date","Lead Status","Marketing contact status","Create Date","Associated Company"',
  '"1","Jane","Doe","jane@acme.test","+1 555 0101","Ann Agent","101","","","","2023-02-21 10:20","Acme Brewing"',
  '"2","John","Roe","John.Roe@Globex.test","","Ann Agent","","","","","","Globex"',
  '"3","Ghost","Person","ghost@nowhere.test","","Ann Agent","999","","","","","Nowhere Inc"',
  '"4","Zoë","Ölund","zoe@olund.test","","Bo Agent","103","","","","",""',
  '"5","Bad","Mail","not-an-email","","Bo Agent","101","","","","","Acme Brewing"',
].join('\r\n');

describe('HubSpot companies, then contacts', () => {
  it('creates accounts and contacts, links contacts by company id or name, and re-importing changes nothing', async () => {
    const companies = await importText(HUBSPOT_COMPANIES);
    expect(companies.view).toMatchObject({ status: 'done', layout: 'hubspot_companies', kind: 'accounts', failure: null });
    expect(counts(companies.view)).toEqual({ read: 5, imported: 3, unchanged: 1, failed: 1 });
    expect(errorLines(companies.view)).toEqual(['line 6: Company name: an account needs a name']);
    const accounts = await deps.db.selectFrom('accounts').select(['name', 'external_id', 'category', 'sort_name']).where('workspace_id', '=', actor.workspaceId).orderBy('sort_name').execute();
    expect(accounts).toEqual([
      { name: 'Acme Brewing', external_id: 'hubspot:101', category: 'Beer', sort_name: 'acme brewing' },
      { name: 'Café Ölund', external_id: 'hubspot:103', category: 'Food', sort_name: 'cafe olund' },
      { name: 'Globex', external_id: 'hubspot:102', category: 'Fintech', sort_name: 'globex' },
    ]);

    const contacts = await importText(HUBSPOT_CONTACTS);
    expect(contacts.view.layout).toBe('hubspot_contacts');
    expect(counts(contacts.view)).toEqual({ read: 5, imported: 3, unchanged: 0, failed: 2 });
    expect(errorLines(contacts.view)).toEqual([
      'line 4: Primary Associated Company ID: the contact\'s account is unknown: no account with the external id "hubspot:999" (import the accounts or companies export first), and no account named "Nowhere Inc"',
      'line 6: Email: not an e-mail address ("not-an-email")',
    ]);
    const people = await sql<{ name: string; emails: string[]; external_id: string; account: string }>`
      select c.name, c.emails, c.external_id, a.name as account from contacts c join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
      where c.workspace_id = ${actor.workspaceId} order by c.sort_name`.execute(deps.db);
    expect(people.rows).toEqual([
      { name: 'Jane Doe', emails: ['jane@acme.test'], external_id: 'hubspot:1', account: 'Acme Brewing' },
      { name: 'John Roe', emails: ['john.roe@globex.test'], external_id: 'hubspot:2', account: 'Globex' },
      { name: 'Zoë Ölund', emails: ['zoe@olund.test'], external_id: 'hubspot:4', account: 'Café Ölund' },
    ]);

    const before = { accounts: await countOf('accounts'), contacts: await countOf('contacts') };
    const updatedAt = await deps.db.selectFrom('accounts').select(['id', 'updated_at']).where('workspace_id', '=', actor.workspaceId).orderBy('id').execute();
    const again = [await importText(HUBSPOT_COMPANIES), await importText(HUBSPOT_CONTACTS)];
    expect(again.map((r) => counts(r.view))).toEqual([
      { read: 5, imported: 0, unchanged: 4, failed: 1 },
      { read: 5, imported: 0, unchanged: 3, failed: 2 },
    ]);
    expect({ accounts: await countOf('accounts'), contacts: await countOf('contacts') }).toEqual(before);
    expect(await deps.db.selectFrom('accounts').select(['id', 'updated_at']).where('workspace_id', '=', actor.workspaceId).orderBy('id').execute()).toEqual(updatedAt);
  });

  it('records each real import in the audit log, and a dry run not at all', async () => {
    const real = await importText(HUBSPOT_COMPANIES);
    await importText(HUBSPOT_COMPANIES, { dryRun: true });
    const events = await deps.db.selectFrom('audit_events').select(['action', 'entity_id', 'changes', 'actor_label']).where('workspace_id', '=', actor.workspaceId).where('entity_type', '=', 'import').execute();
    expect(events).toEqual([
      { action: 'import.completed', entity_id: real.view.id, actor_label: actor.label, changes: { layout: 'hubspot_companies', read: 5, imported: 3, unchanged: 1, failed: 1 } },
    ]);
  });
});

describe('Salesforce accounts and contacts', () => {
  const ACCOUNTS = ['Id,IsDeleted,Name,Type,Industry,Website,AnnualRevenue,OwnerId', '001A000001,false,Initech,Customer - Direct,Software,initech.test,5000000,005A', '001A000002,false,Umbrella Corp,Prospect,Pharma,https://umbrella.test,,005A'].join('\n');
  const CONTACTS = [
    'Id,IsDeleted,AccountId,LastName,FirstName,Salutation,Name,Phone,MobilePhone,Email,Title',
    '003A000001,false,001A000001,Lumbergh,Bill,Mr.,Bill Lumbergh,+1 555 0199,,bill@initech.test,VP',
    '003A000002,false,001A000002,Wesker,Albert,,Albert Wesker,,+1 555 0666,albert@umbrella.test,CEO',
    '003A000003,false,001A000009,Nobody,Nemo,,Nemo Nobody,,,nemo@nowhere.test,',
  ].join('\n');

  it('an account made by hand is found by name and given the Salesforce id, so its contacts find it', async () => {
    const byHand = await createAccount(deps, actor, CreateAccountSchema.parse({ name: 'initech', category: 'Software', status: 'active' }));
    const accounts = await importText(ACCOUNTS);
    expect(accounts.view.layout).toBe('salesforce_accounts');
    expect(counts(accounts.view)).toEqual({ read: 2, imported: 1, unchanged: 1, failed: 0 });
    const linked = await deps.db.selectFrom('accounts').select(['id', 'external_id', 'name']).where('workspace_id', '=', actor.workspaceId).orderBy('name').execute();
    expect(linked).toEqual([
      { id: expect.any(String), external_id: 'salesforce:001A000002', name: 'Umbrella Corp' },
      { id: byHand.id, external_id: 'salesforce:001A000001', name: 'initech' },
    ]);
    const status = await deps.db.selectFrom('accounts').select(['status', 'website']).where('external_id', '=', 'salesforce:001A000002').where('workspace_id', '=', actor.workspaceId).executeTakeFirstOrThrow();
    expect(status).toEqual({ status: 'prospect', website: 'https://umbrella.test' });

    const contacts = await importText(CONTACTS);
    expect(contacts.view.layout).toBe('salesforce_contacts');
    expect(counts(contacts.view)).toEqual({ read: 3, imported: 2, unchanged: 0, failed: 1 });
    expect(errorLines(contacts.view)).toEqual([
      'line 4: AccountId: the contact\'s account is unknown: no account with the external id "salesforce:001A000009" (import the accounts or companies export first)',
    ]);
    const bill = await deps.db.selectFrom('contacts').select(['account_id', 'name', 'title', 'phone']).where('external_id', '=', 'salesforce:003A000001').where('workspace_id', '=', actor.workspaceId).executeTakeFirstOrThrow();
    expect(bill).toEqual({ account_id: byHand.id, name: 'Bill Lumbergh', title: 'VP', phone: '+1 555 0199' });
  });

  it('a contact already there by e-mail in that account is a duplicate, and is given the CRM id', async () => {
    await importText(ACCOUNTS);
    const account = await deps.db.selectFrom('accounts').select('id').where('external_id', '=', 'salesforce:001A000001').where('workspace_id', '=', actor.workspaceId).executeTakeFirstOrThrow();
    await deps.db
      .insertInto('contacts')
      .values({ workspace_id: actor.workspaceId, id: crypto.randomUUID(), account_id: account.id, name: 'Bill L.', sort_name: 'bill l.', emails: ['bill@initech.test'], phone: null, title: null, role: 'other', influence: 3, is_primary: false, status: 'active', left_on: null, social_handles: '[]', notes: '', created_at: new Date(), updated_at: new Date() })
      .execute();
    const contacts = await importText(CONTACTS);
    expect(counts(contacts.view)).toEqual({ read: 3, imported: 1, unchanged: 1, failed: 1 });
    const bill = await deps.db.selectFrom('contacts').select(['name', 'external_id']).where('account_id', '=', account.id).execute();
    expect(bill).toEqual([{ name: 'Bill L.', external_id: 'salesforce:003A000001' }]);
  });
});

describe('Twenty companies and people', () => {
  // Twenty: a UTF-8 BOM, `Id` first, composite fields as `Field / Sub-field`, the `Company` relation
  // as `Company Id`, arrays as JSON, and a zero-width joiner before values that look like formulas.
  const COMPANIES = '\uFEFF' + ['Id,Name,Domain Name / Link Label,Domain Name / Link URL,Domain Name / Secondary Links,Employees,Annual Recurring Revenue / Amount,Annual Recurring Revenue / Currency', '7f1c0000-0000-4000-8000-000000000001,Hooli,,https://hooli.test,[],5000,240000,USD', '7f1c0000-0000-4000-8000-000000000002,Pied Piper,,piedpiper.test,[],12,,'].join('\n');
  const PEOPLE = '\uFEFF' + [
    'Id,Name / First Name,Name / Last Name,Emails / Primary Email,Emails / Additional Emails,Phones / Primary Phone Number,Phones / Primary Phone Country Code,Phones / Primary Phone Calling Code,Job Title,City,Company Id',
    '9a000000-0000-4000-8000-000000000001,Gavin,Belson,gavin@hooli.test,"[""ceo@hooli.test""]",5550100,US,\u200D+1,CEO,Palo Alto,7f1c0000-0000-4000-8000-000000000001',
    '9a000000-0000-4000-8000-000000000002,Richard,Hendricks,richard@piedpiper.test,[],,,,CEO,Palo Alto,7f1c0000-0000-4000-8000-000000000002',
  ].join('\n');

  it('reads the BOM, the composite columns and the JSON arrays', async () => {
    const companies = await importText(COMPANIES);
    expect(companies.view.layout).toBe('twenty_companies');
    expect(counts(companies.view)).toEqual({ read: 2, imported: 2, unchanged: 0, failed: 0 });
    const hooli = await deps.db.selectFrom('accounts').select(['website', 'aliases', 'value_amount', 'value_currency']).where('external_id', '=', 'twenty:7f1c0000-0000-4000-8000-000000000001').where('workspace_id', '=', actor.workspaceId).executeTakeFirstOrThrow();
    expect(hooli).toEqual({ website: 'https://hooli.test', aliases: ['hooli.test'], value_amount: 20000, value_currency: 'USD' });

    const people = await importText(PEOPLE);
    expect(people.view.layout).toBe('twenty_people');
    expect(counts(people.view)).toEqual({ read: 2, imported: 2, unchanged: 0, failed: 0 });
    const gavin = await deps.db.selectFrom('contacts').select(['name', 'emails', 'phone', 'title']).where('external_id', '=', 'twenty:9a000000-0000-4000-8000-000000000001').where('workspace_id', '=', actor.workspaceId).executeTakeFirstOrThrow();
    expect(gavin).toEqual({ name: 'Gavin Belson', emails: ['gavin@hooli.test', 'ceo@hooli.test'], phone: '+1 5550100', title: 'CEO' });
    expect(counts((await importText(PEOPLE)).view)).toEqual({ read: 2, imported: 0, unchanged: 2, failed: 0 });
  });
});

describe("Rapport's touchpoint CSV", () => {
  async function seedAccounts() {
    await importText(HUBSPOT_COMPANIES);
    await importText(HUBSPOT_CONTACTS);
  }
  // A BOM, CRLF line ends, quoted line breaks, a bad date, a duplicate row, a short row, rows
  // without an external id, a row whose account comes from its contacts alone.
  const FILE =
    '\uFEFF' +
    [
      'externalId,accountName,channel,direction,occurredAt,durationMinutes,subject,summary,contactEmails',
      't1,Acme Brewing,call,agency_initiated,2024-03-01T10:00:00Z,30,Kickoff,"Line one\r\nline two, with a comma",jane@acme.test',
      't2,Acme Brewing,email,client_initiated,31/02/2024,,Bad date,,',
      ',,meeting,inbound,2024-03-05 09:00,45,"Quarterly ""review""","Three\nline\nsummary",JOHN.ROE@globex.test',
      't1,Acme Brewing,call,agency_initiated,2024-03-01T10:00:00Z,30,Kickoff,dup,jane@acme.test',
      't4,Acme',
      ',Café Ölund,video,agency_initiated,05/03/2024 14:00,60,Tasting,,',
      ',cafe olund,video,agency_initiated,05/03/2024 14:00,60,Tasting,,',
      't7,Nowhere Inc,call,outbound,2024-03-07,,Lost,,',
      '',
      't8,Globex,chat,client,2024-03-08T08:00:00+01:00,,"",,john.roe@globex.test;stranger@else.test',
    ].join('\r\n') +
    '\r\n';

  it('imports the good rows, reports each bad one at its physical line, and a re-import changes nothing', async () => {
    await seedAccounts();
    const first = await importText(FILE, { plan: { dateOrder: 'dmy' } });
    expect(first.view).toMatchObject({ status: 'done', layout: 'rapport_touchpoints', kind: 'touchpoints' });
    expect(errorLines(first.view)).toEqual([
      'line 4: occurredAt: not a date ("31/02/2024")',
      "line 9: the row has 2 of the header's 9 columns (a missing separator, or a line break outside quotes?)",
      'line 12: accountName: no account named "Nowhere Inc"',
    ]);
    expect(counts(first.view)).toEqual({ read: 9, imported: 4, unchanged: 2, failed: 3 });
    const stored = await sql<{ external_id: string; subject: string; summary: string; account: string; occurred_at: Date; contacts: string[] | null }>`
      select t.external_id, t.subject, t.summary, a.name as account, t.occurred_at,
             (select array_agg(c.name order by c.name) from touchpoint_contacts tc join contacts c on c.workspace_id = tc.workspace_id and c.id = tc.contact_id
               where tc.workspace_id = t.workspace_id and tc.touchpoint_id = t.id) as contacts
      from touchpoints t join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
      where t.workspace_id = ${actor.workspaceId} order by t.occurred_at`.execute(deps.db);
    expect(stored.rows.map((r) => ({ ...r, external_id: r.external_id.startsWith('csv:') ? 'csv:…' : r.external_id }))).toEqual([
      { external_id: 't1', subject: 'Kickoff', summary: 'Line one\r\nline two, with a comma', account: 'Acme Brewing', occurred_at: new Date('2024-03-01T10:00:00Z'), contacts: ['Jane Doe'] },
      { external_id: 'csv:…', subject: 'Quarterly "review"', summary: 'Three\nline\nsummary', account: 'Globex', occurred_at: new Date('2024-03-05T09:00:00Z'), contacts: ['John Roe'] },
      { external_id: 'csv:…', subject: 'Tasting', summary: '', account: 'Café Ölund', occurred_at: new Date('2024-03-05T14:00:00Z'), contacts: null },
      { external_id: 't8', subject: '', summary: '', account: 'Globex', occurred_at: new Date('2024-03-08T07:00:00Z'), contacts: ['John Roe'] },
    ]);
    const source = await deps.db.selectFrom('touchpoints').select(['source', 'created_by']).distinct().where('workspace_id', '=', actor.workspaceId).execute();
    expect(source).toEqual([{ source: 'csv', created_by: actor.userId }]);

    const before = { touchpoints: await countOf('touchpoints'), people: await countOf('touchpoint_contacts') };
    const again = await importText(FILE, { plan: { dateOrder: 'dmy' } });
    expect(counts(again.view)).toEqual({ read: 9, imported: 0, unchanged: 6, failed: 3 });
    expect({ touchpoints: await countOf('touchpoints'), people: await countOf('touchpoint_contacts') }).toEqual(before);
  });

  it('gives the same answer whatever the batch size, and reports progress batch by batch', async () => {
    await seedAccounts();
    const dry = await importText(FILE, { plan: { dateOrder: 'dmy' }, batchSize: 2, dryRun: true, chunk: 3 });
    const real = await importText(FILE, { plan: { dateOrder: 'dmy' }, batchSize: 2, chunk: 3 });
    expect(counts(dry.view)).toEqual({ read: 9, imported: 4, unchanged: 2, failed: 3 });
    expect(counts(real.view)).toEqual(counts(dry.view));
    expect(errorLines(real.view)).toEqual(errorLines(dry.view));
    expect(real.progress.length).toBeGreaterThanOrEqual(5);
    const reads = real.progress.map((p) => p.rowsRead);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));
    expect(real.progress.at(-1)).toMatchObject({ rowsRead: 9, bytesRead: Buffer.byteLength(FILE) });
    expect(real.view.bytesRead).toBe(Buffer.byteLength(FILE));
    expect(real.view.percent).toBe(100);
  });

  it('a dry run reads, checks and counts everything but writes nothing', async () => {
    await seedAccounts();
    const before = { touchpoints: await countOf('touchpoints'), accounts: await countOf('accounts'), contacts: await countOf('contacts') };
    const dry = await importText(FILE, { plan: { dateOrder: 'dmy' }, dryRun: true });
    expect(dry.view).toMatchObject({ status: 'done', dryRun: true });
    expect(counts(dry.view)).toEqual({ read: 9, imported: 4, unchanged: 2, failed: 3 });
    expect({ touchpoints: await countOf('touchpoints'), accounts: await countOf('accounts'), contacts: await countOf('contacts') }).toEqual(before);
    const dryCompanies = await importText(HUBSPOT_COMPANIES.replace('"102","Globex"', '"105","Initrode"'), { dryRun: true });
    expect(counts(dryCompanies.view)).toEqual({ read: 5, imported: 1, unchanged: 3, failed: 1 });
    expect(await countOf('accounts')).toBe(before.accounts);
  });

  it('a team member by e-mail joins the touchpoint; an unknown one is a bad row', async () => {
    await seedAccounts();
    const owner = await workspacesRepo(deps.db).findUserById(actor.userId);
    const file = `accountName,channel,direction,occurredAt,memberEmails\nGlobex,call,out,2024-04-01,${owner!.email.toUpperCase()}\nGlobex,call,out,2024-04-02,someone@else.test\n`;
    const run = await importText(file);
    expect(counts(run.view)).toEqual({ read: 2, imported: 1, unchanged: 0, failed: 1 });
    expect(errorLines(run.view)).toEqual(['line 3: memberEmails: not a member of this workspace ("someone@else.test")']);
    expect(await countOf('touchpoint_members')).toBe(1);
  });

  it('two accounts with one name: the row must say which', async () => {
    for (const name of ['Twin', 'twin']) await createAccount(deps, actor, CreateAccountSchema.parse({ name }));
    const run = await importText('accountName,channel,direction,occurredAt\nTwin,call,out,2024-04-01\n');
    expect(errorLines(run.view)).toEqual(['line 2: accountName: 2 accounts are named "Twin"; give the account\'s id instead']);
  });

  it('keeps the first 1000 bad rows and counts the rest', async () => {
    await seedAccounts();
    const lines = ['accountName,channel,direction,occurredAt'];
    for (let i = 0; i < 1205; i++) lines.push(`Acme Brewing,call,out,not a date ${i}`);
    for (let i = 0; i < 10; i++) lines.push(`Acme Brewing,call,out,2024-05-${String(i + 1).padStart(2, '0')}`);
    const run = await importText(lines.join('\n'), { batchSize: 500 });
    expect(counts(run.view)).toEqual({ read: 1215, imported: 10, unchanged: 0, failed: 1205 });
    expect(run.view.errors).toHaveLength(1000);
    expect(run.view.errorsOmitted).toBe(205);
    expect(run.view.errors[0]).toEqual({ line: 2, column: 'occurredAt', message: 'occurredAt: not a date ("not a date 0")' });
    expect(run.view.errors.at(-1)?.line).toBe(1001);
  });

  it('stops after the current batch when aborted, keeping what was committed', async () => {
    await seedAccounts();
    const lines = ['accountName,channel,direction,occurredAt'];
    for (let i = 0; i < 50; i++) lines.push(`Acme Brewing,call,out,2024-06-01T00:${String(i).padStart(2, '0')}:00Z`);
    const controller = new AbortController();
    // Aborted once the first batch is committed (as a shutdown would, at any moment).
    const onProgress = (p: ImportProgress) => {
      if (p.rowsRead >= 10) controller.abort();
    };
    await expect(importText(lines.join('\n'), { batchSize: 10, signal: controller.signal, onProgress })).rejects.toThrow(STOPPED_MESSAGE);
    const row = await deps.db.selectFrom('imports').selectAll().where('workspace_id', '=', actor.workspaceId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    const touchpoints = await countOf('touchpoints');
    expect(touchpoints).toBe(10);
    expect(row.rows_imported).toBe(10);
    expect(row.errors[0]).toMatchObject({ line: 0, message: STOPPED_MESSAGE });
  });

  it('a file that cannot be read on fails the import with the reason, keeping the batches before', async () => {
    await seedAccounts();
    const input = Readable.from(
      (async function* () {
        yield Buffer.from('accountName,channel,direction,occurredAt\n');
        for (let i = 0; i < 5; i++) yield Buffer.from(`Acme Brewing,call,out,2024-07-0${i + 1}\n`);
        throw new Error('connection reset');
      })(),
    );
    await expect(importText('accountName,channel,direction,occurredAt\n', { input, batchSize: 2 })).rejects.toThrow('connection reset');
    const row = await deps.db.selectFrom('imports').selectAll().where('workspace_id', '=', actor.workspaceId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.errors[0]).toMatchObject({ line: 0, message: 'The import failed: connection reset' });
    expect(await countOf('touchpoints')).toBe(row.rows_imported);
  });

  it('a custom mapping imports a spreadsheet of its own layout', async () => {
    await seedAccounts();
    const file = 'Client;Type;Who started;Date;Notes\nGlobex;Phone;Them;14.03.2024;Budget talk\n';
    const run = await importText(file, { plan: { mapping: { Client: 'accountName', Type: 'channel', 'Who started': 'direction', Date: 'occurredAt', Notes: 'summary' } } });
    expect(run.view).toMatchObject({ layout: 'custom_touchpoints', kind: 'touchpoints' });
    expect(counts(run.view)).toEqual({ read: 1, imported: 1, unchanged: 0, failed: 0 });
  });
});

describe('a calendar (ICS) file', () => {
  it('becomes meetings with the contacts among the attendees; unknown meetings are reported; a re-import changes nothing', async () => {
    await importText(HUBSPOT_COMPANIES);
    await importText(HUBSPOT_CONTACTS);
    const now = Date.now();
    const stamp = (offsetDays: number) => new Date(now + offsetDays * 86_400_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '').slice(0, 15) + 'Z';
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Rapport test//EN',
      'BEGIN:VEVENT',
      'UID:kickoff-1@agency.test',
      `DTSTART:${stamp(-10)}`,
      `DTEND:${stamp(-10).replace(/T(\d{2})/, (_m, h: string) => `T${String((Number(h) + 1) % 24).padStart(2, '0')}`)}`,
      'SUMMARY:Kickoff with Acme',
      'ORGANIZER:mailto:jane@acme.test',
      'ATTENDEE:mailto:jane@acme.test',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:weekly-2@agency.test',
      `DTSTART:${stamp(-20)}`,
      'DURATION:PT30M',
      'RRULE:FREQ=WEEKLY;COUNT=2',
      'SUMMARY:Weekly with Globex',
      'ATTENDEE:mailto:john.roe@globex.test',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:internal-3@agency.test',
      `DTSTART:${stamp(-5)}`,
      'SUMMARY:Team lunch',
      'ATTENDEE:mailto:colleague@agency.test',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const run = await importText(ics);
    expect(run.view).toMatchObject({ format: 'ics', layout: 'ics', status: 'done' });
    expect(counts(run.view)).toEqual({ read: 4, imported: 3, unchanged: 0, failed: 1 });
    expect(run.view.errors).toEqual([{ line: 21, column: null, message: expect.stringMatching(/^"Team lunch" on .* UTC: No participant is a known contact \(colleague@agency\.test\)$/) }]);
    const meetings = await deps.db.selectFrom('touchpoints').select(['channel', 'direction', 'source', 'subject']).where('workspace_id', '=', actor.workspaceId).orderBy('occurred_at').execute();
    expect(meetings).toEqual([
      { channel: 'meeting', direction: 'agency_initiated', source: 'ics', subject: 'Weekly with Globex' },
      { channel: 'meeting', direction: 'agency_initiated', source: 'ics', subject: 'Weekly with Globex' },
      { channel: 'meeting', direction: 'client_initiated', source: 'ics', subject: 'Kickoff with Acme' },
    ]);
    expect(counts((await importText(ics)).view)).toEqual({ read: 4, imported: 0, unchanged: 3, failed: 1 });
    expect(await countOf('touchpoints')).toBe(3);
  });
});
