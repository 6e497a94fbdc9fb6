import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount } from '../../test/support/factories.js';
import { createProject } from '../delivery/create-project.js';
import type { Actor } from '../platform/auth/roles.js';
import { loadConfig } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { importFile } from './cli-import.js';
import { createImport } from './create-import.js';
import { PLAN_BYTES, planImport } from './plan.js';
import { runImport, type ImportProgress } from './run-import.js';
import type { ImportView } from './schemas.js';

/**
 * The delivery ledger's CSVs (deliverables, targets, incidents) imported for real: through
 * `importFile` (what `rapport import` runs: plan, record, run), through HTTP (`POST /api/imports`,
 * the same engine in the background), and through `runImport` with tiny batches for what crosses
 * a batch. Each test has a workspace of its own with the accounts Northwind (external id
 * hubspot:501, a project "Always-on Retainer"), Contoso and two accounts named Twin.
 */
let t: TestApp;
let deps: Deps;
const folder = mkdtempSync(join(tmpdir(), 'rapport-ledger-import-'));
const config = loadConfig({ LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: join(folder, 'unused') });
// The command's opener, handing over the test app's database (left open: the app closes it).
const open = async () => ({ database: { close: async () => undefined } as unknown as Database, deps });

beforeAll(async () => {
  t = await createTestApp();
  deps = t.rapport.deps;
});
afterAll(async () => {
  await t.close();
  rmSync(folder, { recursive: true, force: true });
});

interface Fixture {
  owner: TestMember;
  member: TestMember;
  actor: Actor;
  accounts: { northwind: string; contoso: string };
  retainerId: string;
}
let f: Fixture;
let n = 0;

beforeEach(async () => {
  const owner = await t.newWorkspace(`Ledger Agency ${++n}`);
  const member = await t.newMember(owner.workspaceId, 'member');
  const actor: Actor = { workspaceId: owner.workspaceId, userId: owner.userId, role: 'owner', label: owner.email };
  const northwind = (await createAccount(t, owner.token, { name: 'Northwind' })).id as string;
  const contoso = (await createAccount(t, owner.token, { name: 'Contoso' })).id as string;
  await createAccount(t, owner.token, { name: 'Twin' });
  await createAccount(t, owner.token, { name: 'Twin' });
  await sql`update accounts set external_id = 'hubspot:501' where workspace_id = ${owner.workspaceId} and id = ${northwind}`.execute(deps.db);
  const retainer = await createProject(deps, actor, { accountId: northwind, name: 'Always-on Retainer', brief: '', status: 'active' });
  await clearHealthMarks(owner.workspaceId);
  f = { owner, member, actor, accounts: { northwind, contoso }, retainerId: retainer.id };
});

function file(name: string, text: string): string {
  const path = join(folder, `${n}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** Imports a file as `rapport import` does, into the fixture's workspace. */
async function importCsv(name: string, text: string, options: { dryRun?: boolean } = {}): Promise<{ view: ImportView; progress: ImportProgress[] }> {
  const progress: ImportProgress[] = [];
  const result = await importFile({ file: file(name, text), workspace: f.owner.workspaceId, dryRun: options.dryRun ?? false, config, open, onProgress: (p) => progress.push(p) });
  expect(result.errorCode, JSON.stringify(result.view.failure)).toBeUndefined();
  return { view: result.view, progress };
}

/** The engine itself, with batches of `batchSize` rows (importFile always uses the default 1000). */
async function importInBatches(text: string, batchSize: number, dryRun = false): Promise<ImportView> {
  const plan = await planImport(text.slice(0, PLAN_BYTES), {}, deps.clock.now());
  const created = await createImport(deps, f.actor, { filename: 'batches.csv', plan, dryRun, bytesTotal: Buffer.byteLength(text) });
  return runImport(deps, f.actor, created.id, plan, Readable.from([Buffer.from(text)]), { dryRun, batchSize, bytesTotal: Buffer.byteLength(text) });
}

const counts = (v: ImportView) => ({ read: v.rowsRead, imported: v.rowsImported, unchanged: v.rowsUnchanged, failed: v.rowsFailed });
const errorLines = (v: ImportView) => v.errors.map((e) => `line ${e.line}: ${e.message}`);

async function clearHealthMarks(workspaceId: string): Promise<void> {
  await sql`delete from health_dirty where workspace_id = ${workspaceId}`.execute(deps.db);
}

/** The accounts marked for a health recompute, by name. */
async function healthMarks(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select a.name from health_dirty h join accounts a on a.workspace_id = h.workspace_id and a.id = h.account_id
    where h.workspace_id = ${f.owner.workspaceId} order by a.name`.execute(deps.db);
  return rows.map((r) => r.name);
}

/** Every ledger row of the workspace, every column: what "changes nothing" is held to. */
async function ledger(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['projects', 'deliverables', 'targets', 'incidents'] as const) {
    const { rows } = await sql`select * from ${sql.table(table)} where workspace_id = ${f.owner.workspaceId} order by id`.execute(deps.db);
    out[table] = rows;
  }
  return out;
}

async function count(table: 'projects' | 'deliverables' | 'targets' | 'incidents'): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where workspace_id = ${f.owner.workspaceId}`.execute(deps.db);
  return rows[0]?.n ?? 0;
}

async function importAudits(): Promise<unknown[]> {
  return deps.db
    .selectFrom('audit_events')
    .select(['action', 'changes'])
    .where('workspace_id', '=', f.owner.workspaceId)
    .where('entity_type', '=', 'import')
    .orderBy('at')
    .execute();
}

const DELIVERABLES = () =>
  [
    'external_id,account,project,title,due_at,delivered_at,approved_at,status,owner_email,notes',
    `D-1,Northwind,always-on retainer,January report,2024-02-05,2024-02-05T16:00:00Z,2024-02-06T09:00:00Z,,${f.member.email.toUpperCase()},On time`,
    ',hubspot:501,Always-on Retainer,February report,2024-03-05,,,In progress,,',
    ',Contoso,Website relaunch,Design,2024-04-01,2024-04-03,,,,',
    ',Nowhere,Website relaunch,Design,2024-04-01,,,,,',
    ',Northwind,Always-on retainer,Broken,31/02/2024,,,,,',
    ',Northwind,Always-on retainer,Approved early,2024-02-01,2024-02-03,2024-02-02,,,',
    ',Northwind,Always-on retainer,Owned,2024-02-01,,,,stranger@nowhere.test,',
    ',Twin,Anything,Anything,2024-02-01,,,,,',
    'D-1,NORTHWIND,Always-on retainer,JANUARY REPORT,2024-02-05T12:00:00Z,,,,,',
    ',Contoso,website relaunch,Build,2024-05-01,,,,,"First line',
    'second line"',
    ',Contoso,Website relaunch,Launch,2024-06-01,2024-06-02,,planned,,',
  ].join('\r\n') + '\r\n';

const DELIVERABLE_ERRORS = [
  'line 5: account: unknown account "Nowhere": no account has this external id or name',
  'line 6: due_at: not a date ("31/02/2024")',
  'line 7: approved_at: cannot be before the delivery time',
  'line 8: owner_email: not a member of this workspace ("stranger@nowhere.test")',
  'line 9: account: 2 accounts are named "Twin"; give the account\'s id instead',
  'line 13: delivered_at: work that is planned has no delivery time; set status to delivered',
];

describe('rapport_deliverables', () => {
  it('imports the good rows, reports the bad ones by line, creates missing projects, marks the accounts for health', async () => {
    const { view, progress } = await importCsv('deliverables.csv', DELIVERABLES());
    expect(view).toMatchObject({ status: 'done', layout: 'rapport_deliverables', layoutLabel: 'Rapport deliverables', kind: 'deliverables', failure: null });
    expect(counts(view)).toEqual({ read: 11, imported: 4, unchanged: 1, failed: 6 });
    expect(errorLines(view)).toEqual(DELIVERABLE_ERRORS);
    expect(progress.at(-1)).toMatchObject({ rowsRead: 11, imported: 4, unchanged: 1, failed: 6, bytesRead: Buffer.byteLength(DELIVERABLES()) });

    const { rows } = await sql<Record<string, unknown>>`
      select a.name as account, p.name as project, d.title, d.due_at, d.delivered_at, d.approved_at, d.status, d.owner_id, d.notes, d.created_by
      from deliverables d join projects p on p.workspace_id = d.workspace_id and p.id = d.project_id
      join accounts a on a.workspace_id = d.workspace_id and a.id = d.account_id
      where d.workspace_id = ${f.owner.workspaceId} order by d.due_at`.execute(deps.db);
    const by = f.owner.userId;
    expect(rows).toEqual([
      {
        account: 'Northwind', project: 'Always-on Retainer', title: 'January report', due_at: new Date('2024-02-05T00:00:00Z'), delivered_at: new Date('2024-02-05T16:00:00Z'),
        approved_at: new Date('2024-02-06T09:00:00Z'), status: 'approved', owner_id: f.member.userId, notes: 'On time', created_by: by,
      },
      { account: 'Northwind', project: 'Always-on Retainer', title: 'February report', due_at: new Date('2024-03-05T00:00:00Z'), delivered_at: null, approved_at: null, status: 'in_progress', owner_id: null, notes: '', created_by: by },
      { account: 'Contoso', project: 'Website relaunch', title: 'Design', due_at: new Date('2024-04-01T00:00:00Z'), delivered_at: new Date('2024-04-03T00:00:00Z'), approved_at: null, status: 'delivered', owner_id: null, notes: '', created_by: by },
      { account: 'Contoso', project: 'Website relaunch', title: 'Build', due_at: new Date('2024-05-01T00:00:00Z'), delivered_at: null, approved_at: null, status: 'planned', owner_id: null, notes: 'First line\r\nsecond line', created_by: by },
    ]);
    // The project named like an existing one (case aside) is that one; the missing one is created once, active.
    const projects = await deps.db.selectFrom('projects').select(['id', 'account_id', 'name', 'status', 'brief']).where('workspace_id', '=', f.owner.workspaceId).orderBy('name').execute();
    expect(projects).toEqual([
      { id: f.retainerId, account_id: f.accounts.northwind, name: 'Always-on Retainer', status: 'active', brief: '' },
      { id: expect.any(String), account_id: f.accounts.contoso, name: 'Website relaunch', status: 'active', brief: '' },
    ]);
    expect(await healthMarks()).toEqual(['Contoso', 'Northwind']);
    const { rows: jobs } = await sql<{ n: number }>`select count(*)::int as n from jobs where workspace_id = ${f.owner.workspaceId} and queue = 'health.recompute' and status = 'queued'`.execute(deps.db);
    expect(jobs[0]?.n).toBe(1);
    expect(await importAudits()).toEqual([{ action: 'import.completed', changes: { layout: 'rapport_deliverables', read: 11, imported: 4, unchanged: 1, failed: 6 } }]);
  });

  it('a dry run counts the same and writes nothing; importing again changes nothing', async () => {
    const dry = await importCsv('deliverables.csv', DELIVERABLES(), { dryRun: true });
    expect(dry.view).toMatchObject({ status: 'done', dryRun: true });
    expect(counts(dry.view)).toEqual({ read: 11, imported: 4, unchanged: 1, failed: 6 });
    expect(errorLines(dry.view)).toEqual(DELIVERABLE_ERRORS);
    expect({ deliverables: await count('deliverables'), projects: await count('projects') }).toEqual({ deliverables: 0, projects: 1 });
    expect(await healthMarks()).toEqual([]);
    expect(await importAudits()).toEqual([]);

    await importCsv('deliverables.csv', DELIVERABLES());
    const before = await ledger();
    await clearHealthMarks(f.owner.workspaceId);
    const again = await importCsv('deliverables.csv', DELIVERABLES());
    expect(counts(again.view)).toEqual({ read: 11, imported: 0, unchanged: 5, failed: 6 });
    expect(errorLines(again.view)).toEqual(DELIVERABLE_ERRORS);
    expect(await ledger()).toEqual(before);
    expect(await healthMarks()).toEqual([]);
    // A dry run after the import finds everything there.
    expect(counts((await importCsv('deliverables.csv', DELIVERABLES(), { dryRun: true })).view)).toEqual({ read: 11, imported: 0, unchanged: 5, failed: 6 });
    // The external id is stored and decides alone: renamed and moved in the source, D-1 is still the same deliverable.
    const renamed = ['external_id,account,project,title,due_at', 'D-1,Northwind,Always-on retainer,Report for January (final),2024-02-09'].join('\n') + '\n';
    expect(counts((await importCsv('renamed.csv', renamed)).view)).toEqual({ read: 1, imported: 0, unchanged: 1, failed: 0 });
    expect(await ledger()).toEqual(before);
  });

  it('decides the same across batches: a dry run and the import of two-row batches agree with one batch', async () => {
    const dry = await importInBatches(DELIVERABLES(), 2, true);
    expect(counts(dry)).toEqual({ read: 11, imported: 4, unchanged: 1, failed: 6 });
    expect(await count('deliverables')).toBe(0);
    const real = await importInBatches(DELIVERABLES(), 2);
    expect(counts(real)).toEqual({ read: 11, imported: 4, unchanged: 1, failed: 6 });
    expect(errorLines(real)).toEqual(DELIVERABLE_ERRORS);
    expect({ deliverables: await count('deliverables'), projects: await count('projects') }).toEqual({ deliverables: 4, projects: 2 });
  });

  it('two imports of the same file at once add each deliverable and project once', async () => {
    const [a, b] = await Promise.all([importCsv('a.csv', DELIVERABLES()), importCsv('b.csv', DELIVERABLES())]);
    expect(a.view.rowsImported + b.view.rowsImported).toBe(4);
    expect(a.view.rowsUnchanged + b.view.rowsUnchanged).toBe(6);
    expect({ deliverables: await count('deliverables'), projects: await count('projects') }).toEqual({ deliverables: 4, projects: 2 });
  });

  it('a header without an account column is refused before anything is read', async () => {
    const error = await importFile({ file: file('no-account.csv', 'project,title,due_at\nRetainer,Report,2024-01-01\n'), workspace: f.owner.workspaceId, dryRun: false, config, open }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Map a column to account, accountId, accountExternalId or accountName') });
  });
});

const TARGETS = [
  'account,project,metric,period_start,period_end,goal,actual,higher_is_better',
  'Northwind,always-on retainer,Organic sessions,2024-01-01,2024-03-31,"12,000",,yes',
  'Northwind,,CPA (EUR),2024-01-01,2024-03-31,25,"27,5",false',
  'Contoso,,Leads,01/01/2024,31/01/2024,100,120,1',
  'Northwind,,Organic sessions,2024-04-01,2024-03-31,1,,',
  'Northwind,Nope,Leads,2024-01-01,2024-01-31,5,,',
  'Northwind,,Leads,2024-01-01,2024-01-31,abc,,',
  'northwind,,ORGANIC SESSIONS,2024-01-01,2024-03-31,12000,,',
  'Nowhere,,Leads,2024-01-01,2024-01-31,5,,',
].join('\n');

const TARGET_ERRORS = [
  'line 5: period_end: cannot be before period_start (2024-03-31 is before 2024-04-01)',
  'line 6: project: no project named "Nope" on this account (targets do not create projects: import the deliverables first, or leave it empty)',
  'line 7: goal: not a number ("abc")',
  'line 9: account: unknown account "Nowhere": no account has this external id or name',
];

async function targets(): Promise<unknown[]> {
  const { rows } = await sql`
    select a.name as account, t.project_id, t.metric, t.period_start::text as period_start, t.period_end::text as period_end, t.goal, t.actual, t.higher_is_better
    from targets t join accounts a on a.workspace_id = t.workspace_id and a.id = t.account_id
    where t.workspace_id = ${f.owner.workspaceId} order by a.name, t.metric`.execute(deps.db);
  return rows;
}

describe('rapport_targets', () => {
  it('imports targets, then updates only a new actual; importing either file again changes nothing', async () => {
    const dry = await importCsv('targets.csv', TARGETS, { dryRun: true });
    expect(counts(dry.view)).toEqual({ read: 8, imported: 3, unchanged: 1, failed: 4 });
    expect(await count('targets')).toBe(0);

    const first = await importCsv('targets.csv', TARGETS);
    expect(first.view).toMatchObject({ status: 'done', layout: 'rapport_targets', kind: 'targets' });
    expect(counts(first.view)).toEqual({ read: 8, imported: 3, unchanged: 1, failed: 4 });
    expect(errorLines(first.view)).toEqual(TARGET_ERRORS);
    expect(await targets()).toEqual([
      { account: 'Contoso', project_id: null, metric: 'Leads', period_start: '2024-01-01', period_end: '2024-01-31', goal: 100, actual: 120, higher_is_better: true },
      { account: 'Northwind', project_id: null, metric: 'CPA (EUR)', period_start: '2024-01-01', period_end: '2024-03-31', goal: 25, actual: 27.5, higher_is_better: false },
      { account: 'Northwind', project_id: f.retainerId, metric: 'Organic sessions', period_start: '2024-01-01', period_end: '2024-03-31', goal: 12000, actual: null, higher_is_better: true },
    ]);
    expect(await healthMarks()).toEqual(['Contoso', 'Northwind']);

    await clearHealthMarks(f.owner.workspaceId);
    const before = await ledger();
    const again = await importCsv('targets.csv', TARGETS);
    expect(counts(again.view)).toEqual({ read: 8, imported: 0, unchanged: 4, failed: 4 });
    expect(await ledger()).toEqual(before);
    expect(await healthMarks()).toEqual([]);

    // The measurements come in: a new actual replaces the stored one; an empty one clears nothing; the goal stays.
    const measured = [
      'account,metric,period_start,period_end,goal,actual',
      'Northwind,Organic sessions,2024-01-01,2024-03-31,99999,11800',
      'Northwind,CPA (EUR),2024-01-01,2024-03-31,25,',
      'Contoso,Leads,2024-01-01,2024-01-31,100,120',
    ].join('\n');
    const update = await importCsv('measured.csv', measured);
    expect(counts(update.view)).toEqual({ read: 3, imported: 1, unchanged: 2, failed: 0 });
    expect(await targets()).toEqual([
      expect.objectContaining({ metric: 'Leads', actual: 120 }),
      expect.objectContaining({ metric: 'CPA (EUR)', actual: 27.5 }),
      expect.objectContaining({ metric: 'Organic sessions', goal: 12000, actual: 11800 }),
    ]);
    expect(await healthMarks()).toEqual(['Northwind']);
    const updatedAt = await ledger();
    expect(counts((await importCsv('measured.csv', measured)).view)).toEqual({ read: 3, imported: 0, unchanged: 3, failed: 0 });
    expect(await ledger()).toEqual(updatedAt);
  });

  it('the first row of a target decides, even batches apart, so a second import does not flip the actual back and forth', async () => {
    const file = [
      'account,metric,period_start,period_end,goal,actual',
      'Northwind,Leads,2024-01-01,2024-01-31,10,5',
      'Contoso,Leads,2024-01-01,2024-01-31,10,6',
      'Northwind,Visits,2024-01-01,2024-01-31,10,',
      'Northwind,leads,2024-01-01,2024-01-31,10,7',
    ].join('\n');
    expect(counts(await importInBatches(file, 2, true))).toEqual({ read: 4, imported: 3, unchanged: 1, failed: 0 });
    expect(counts(await importInBatches(file, 2))).toEqual({ read: 4, imported: 3, unchanged: 1, failed: 0 });
    expect(await targets()).toEqual([
      expect.objectContaining({ account: 'Contoso', metric: 'Leads', actual: 6 }),
      expect.objectContaining({ account: 'Northwind', metric: 'Leads', actual: 5 }),
      expect.objectContaining({ account: 'Northwind', metric: 'Visits', actual: null }),
    ]);
    const before = await ledger();
    expect(counts(await importInBatches(file, 2))).toEqual({ read: 4, imported: 0, unchanged: 4, failed: 0 });
    expect(await ledger()).toEqual(before);
  });
});

describe('rapport_incidents', () => {
  it('links incidents to deliverables by title or id within the account, reports bad rows, and changes nothing the second time', async () => {
    await importCsv('deliverables.csv', DELIVERABLES());
    await importCsv('memos.csv', 'account,project,title,due_at\nNorthwind,Always-on Retainer,Status memo,2024-02-01\nNorthwind,Always-on Retainer,Status memo,2024-03-01\n');
    const ids = await deps.db.selectFrom('deliverables').select(['id', 'title']).where('workspace_id', '=', f.owner.workspaceId).execute();
    const idOf = (title: string) => ids.find((d) => d.title === title)?.id as string;
    const design = idOf('Design');
    const file = [
      'account,deliverable,kind,severity,description,occurred_at',
      'Northwind,january report,Report error,3,Wrong totals,2024-02-07T10:00:00Z',
      'Contoso,,complaint,2,Slow answers,2024-02-08',
      'Northwind,,missed_deadline,4,Late,2024-02-09',
      'Northwind,Design,rework,1,,2024-02-09',
      `Northwind,${design},rework,1,,2024-02-09`,
      'Northwind,,fire,1,,2024-02-09',
      'Northwind,,report_error,3,Wrong totals,2024-02-07T11:00:00+01:00',
      'Northwind,,other,1,,not a date',
      'Contoso,Design,rework,2,Redo,2024-04-05',
      `Contoso,${design.toUpperCase()},rework,2,Redo again,2024-04-06`,
      'Northwind,Status memo,other,1,,2024-02-10',
    ].join('\n');
    const errors = [
      'line 4: severity: not 1, 2 or 3 ("4"): 1 minor, 2 notable, 3 serious',
      'line 5: deliverable: no deliverable titled "Design" on this account',
      `line 6: deliverable: the deliverable ${design} belongs to another account`,
      'line 7: kind: unknown kind ("fire"): use report_error, missed_deadline, rework, missed_meeting, complaint, other',
      'line 9: occurred_at: not a date ("not a date")',
      'line 12: deliverable: 2 deliverables of this account are titled "Status memo": give the deliverable\'s Rapport id instead',
    ];
    await clearHealthMarks(f.owner.workspaceId);

    const dry = await importCsv('incidents.csv', file, { dryRun: true });
    expect(counts(dry.view)).toEqual({ read: 11, imported: 4, unchanged: 1, failed: 6 });
    expect(await count('incidents')).toBe(0);
    expect(await healthMarks()).toEqual([]);

    const { view } = await importCsv('incidents.csv', file);
    expect(view).toMatchObject({ status: 'done', layout: 'rapport_incidents', kind: 'incidents' });
    expect(counts(view)).toEqual({ read: 11, imported: 4, unchanged: 1, failed: 6 });
    expect(errorLines(view)).toEqual(errors);
    const { rows } = await sql`
      select a.name as account, d.title as deliverable, i.kind, i.severity, i.description, i.occurred_at
      from incidents i join accounts a on a.workspace_id = i.workspace_id and a.id = i.account_id
      left join deliverables d on d.workspace_id = i.workspace_id and d.id = i.deliverable_id
      where i.workspace_id = ${f.owner.workspaceId} order by i.occurred_at`.execute(deps.db);
    expect(rows).toEqual([
      { account: 'Northwind', deliverable: 'January report', kind: 'report_error', severity: 3, description: 'Wrong totals', occurred_at: new Date('2024-02-07T10:00:00Z') },
      { account: 'Contoso', deliverable: null, kind: 'complaint', severity: 2, description: 'Slow answers', occurred_at: new Date('2024-02-08T00:00:00Z') },
      { account: 'Contoso', deliverable: 'Design', kind: 'rework', severity: 2, description: 'Redo', occurred_at: new Date('2024-04-05T00:00:00Z') },
      { account: 'Contoso', deliverable: 'Design', kind: 'rework', severity: 2, description: 'Redo again', occurred_at: new Date('2024-04-06T00:00:00Z') },
    ]);
    expect(await healthMarks()).toEqual(['Contoso', 'Northwind']);

    await clearHealthMarks(f.owner.workspaceId);
    const before = await ledger();
    const again = await importCsv('incidents.csv', file);
    expect(counts(again.view)).toEqual({ read: 11, imported: 0, unchanged: 5, failed: 6 });
    expect(errorLines(again.view)).toEqual(errors);
    expect(await ledger()).toEqual(before);
    expect(await healthMarks()).toEqual([]);
  });
});

describe('over HTTP', () => {
  async function finish(id: string): Promise<any> {
    for (let i = 0; i < 400; i++) {
      const res = await t.request('GET', `/api/imports/${id}`, { token: f.owner.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`Import ${id} did not finish`);
  }

  it('previews and imports a deliverables file as the command does', async () => {
    const headers = { 'content-type': 'text/csv' };
    const preview = await t.request('POST', '/api/imports/preview?filename=deliverables.csv', { token: f.owner.token, rawBody: DELIVERABLES(), headers });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ layout: 'rapport_deliverables', layoutLabel: 'Rapport deliverables', kind: 'deliverables', problems: [] });
    expect(preview.body.fields).toEqual(['externalId', 'account', 'accountId', 'accountExternalId', 'accountName', 'project', 'title', 'dueAt', 'deliveredAt', 'approvedAt', 'status', 'ownerEmail', 'notes']);
    expect(preview.body.rows.map((r: any) => [r.line, r.outcome])).toEqual([
      [2, 'new'], [3, 'new'], [4, 'new'], [5, 'failed'], [6, 'failed'], [7, 'failed'], [8, 'failed'], [9, 'failed'], [10, 'unchanged'], [11, 'new'], [13, 'failed'],
    ]);
    expect(preview.body.rows[0].values).toMatchObject({ account: 'Northwind', project: 'always-on retainer', title: 'January report', dueAt: '2024-02-05T00:00:00.000Z' });

    const res = await t.request('POST', '/api/imports?filename=deliverables.csv', { token: f.owner.token, rawBody: DELIVERABLES(), headers });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const done = await finish(res.body.id);
    expect(done).toMatchObject({ status: 'done', layout: 'rapport_deliverables', kind: 'deliverables', rowsRead: 11, rowsImported: 4, rowsUnchanged: 1, rowsFailed: 6 });
    expect(done.errors.map((e: any) => `line ${e.line}: ${e.message}`)).toEqual(DELIVERABLE_ERRORS);
    expect(done.errors[0]).toMatchObject({ line: 5, column: 'account' });
    expect(await healthMarks()).toEqual(['Contoso', 'Northwind']);
    const list = await t.request('GET', `/api/deliverables?accountId=${f.accounts.contoso}`, { token: f.owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: any) => [d.title, d.projectName, d.status])).toEqual([
      ['Build', 'Website relaunch', 'planned'],
      ['Design', 'Website relaunch', 'delivered'],
    ]);
  });
});
