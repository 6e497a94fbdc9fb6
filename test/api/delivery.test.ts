import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { encodeCursor } from '../../src/platform/cursor.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, expectFieldError, login, seededRandom, UNKNOWN_ID } from '../support/factories.js';
import { ERROR_CODES } from '../../src/platform/errors.js';

/**
 * M3 delivery ledger over HTTP: projects, deliverables (with lateness), targets (met or not) and
 * incidents — creating, reading, filtering and paging, changing (also to another account),
 * deleting; every write marking its accounts for a health recompute; the account timeline merging
 * all of them with touchpoints; and who may do what in which workspace.
 *
 * The clock is fixed at NOW, so lateness is exact.
 */
const NOW = '2026-03-10T12:00:00.000Z';
const clock = fixedClock(NOW);

let t: TestApp;
let owner: TestMember;
let member: TestMember;
let viewer: TestMember;
let acme: any;
let globex: any;

type Json = any;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Delivery Agency');
  [member, viewer] = await Promise.all([t.newMember(owner.workspaceId, 'member'), t.newMember(owner.workspaceId, 'viewer')]);
  acme = await createAccount(t, owner.token, { name: 'Acme' });
  globex = await createAccount(t, owner.token, { name: 'Globex' });
});
afterAll(async () => t.close());
afterEach(() => clock.set(NOW));

async function created(path: string, body: Record<string, unknown>, token = owner.token): Promise<Json> {
  const res = await t.request('POST', path, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const newProject = (overrides: Record<string, unknown> = {}, token = owner.token) => created('/api/projects', { accountId: acme.id, name: `Project ${++seq}`, ...overrides }, token);
const newDeliverable = (projectId: string, overrides: Record<string, unknown> = {}, token = owner.token) =>
  created('/api/deliverables', { projectId, title: `Deliverable ${++seq}`, dueAt: '2026-03-20T17:00:00Z', ...overrides }, token);
const newTarget = (overrides: Record<string, unknown> = {}, token = owner.token) =>
  created('/api/targets', { accountId: acme.id, metric: `Metric ${++seq}`, periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 100, ...overrides }, token);
const newIncident = (overrides: Record<string, unknown> = {}, token = owner.token) =>
  created('/api/incidents', { accountId: acme.id, kind: 'report_error', severity: 2, occurredAt: '2026-03-02T10:00:00Z', ...overrides }, token);

async function get(url: string, token = owner.token): Promise<Json> {
  const res = await t.request('GET', url, { token });
  expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}
async function patch(url: string, body: Record<string, unknown>, token = owner.token): Promise<Json> {
  const res = await t.request('PATCH', url, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const ids = (page: Json) => page.items.map((x: Json) => x.id);

/** Straight from the database: the accounts marked for a health recompute, and the queued recomputes. */
async function healthMarks(workspaceId: string): Promise<{ accounts: string[]; jobs: number }> {
  const db = t.rapport.deps.db;
  const dirty = await sql<{ account_id: string }>`select account_id from health_dirty where workspace_id = ${workspaceId} order by account_id`.execute(db);
  const jobs = await sql<{ n: number }>`select count(*)::int as n from jobs
    where workspace_id = ${workspaceId} and queue = 'health.recompute' and status = 'queued'`.execute(db);
  return { accounts: dirty.rows.map((r) => r.account_id), jobs: jobs.rows[0]!.n };
}
async function clearHealthMarks(workspaceId: string): Promise<void> {
  const db = t.rapport.deps.db;
  await sql`delete from health_dirty where workspace_id = ${workspaceId}`.execute(db);
  await sql`delete from jobs where workspace_id = ${workspaceId} and queue = 'health.recompute'`.execute(db);
}

describe('projects', () => {
  it('records a project with everything and answers it whole (201); GET answers the same', async () => {
    const res = await t.request('POST', '/api/projects', {
      token: owner.token,
      body: { accountId: acme.id, name: '  Spring campaign ', brief: 'Three videos and a report.', budget: { amount: 12_500.5, currency: 'EUR' }, startsOn: '2026-03-01', endsOn: '2026-05-31', status: 'active' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      accountId: acme.id,
      accountName: 'Acme',
      name: 'Spring campaign',
      brief: 'Three videos and a report.',
      budget: { amount: 12_500.5, currency: 'EUR' },
      startsOn: '2026-03-01',
      endsOn: '2026-05-31',
      status: 'active',
      deliverableCount: 0,
      createdBy: owner.userId,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(await get(`/api/projects/${res.body.id}`)).toEqual(res.body);
  });

  it('fills in the defaults: planned, no brief, no budget, no dates', async () => {
    const body = await newProject({ name: 'Bare' });
    expect(body).toMatchObject({ name: 'Bare', status: 'planned', brief: '', budget: null, startsOn: null, endsOn: null, deliverableCount: 0 });
  });

  it('changes fields, clears the budget and dates with null, and counts its deliverables', async () => {
    const project = await newProject({ budget: { amount: 1000, currency: 'USD' }, startsOn: '2026-01-01', endsOn: '2026-02-01' });
    await newDeliverable(project.id);
    await newDeliverable(project.id);
    clock.set('2026-03-11T08:00:00Z');
    const changed = await patch(`/api/projects/${project.id}`, { status: 'on_hold', budget: null, endsOn: null, brief: 'Paused by the client' });
    expect(changed).toMatchObject({ status: 'on_hold', budget: null, startsOn: '2026-01-01', endsOn: null, brief: 'Paused by the client', deliverableCount: 2, updatedAt: '2026-03-11T08:00:00.000Z', createdAt: NOW });
  });

  const long = (n: number) => 'x'.repeat(n);
  it.each<[string, Record<string, unknown>, string]>([
    ['no account', { accountId: undefined }, 'accountId'],
    ['an account id that is not a uuid', { accountId: 'acme' }, 'accountId'],
    ['an unknown account', { accountId: UNKNOWN_ID }, 'accountId'],
    ['no name', { name: undefined }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a name too long', { name: long(201) }, 'name'],
    ['a brief too long', { brief: long(20_001) }, 'brief'],
    ['a negative budget', { budget: { amount: -1, currency: 'EUR' } }, 'budget.amount'],
    ['a budget too large for the column', { budget: { amount: 1e12, currency: 'EUR' } }, 'budget.amount'],
    ['a budget as text', { budget: { amount: 'NaN', currency: 'EUR' } }, 'budget.amount'],
    ['a budget of a tenth of a cent', { budget: { amount: 10.555, currency: 'EUR' } }, 'budget.amount'],
    ['a budget without currency', { budget: { amount: 5 } }, 'budget.currency'],
    ['a lower-case currency', { budget: { amount: 5, currency: 'eur' } }, 'budget.currency'],
    ['an unknown budget field', { budget: { amount: 5, currency: 'EUR', vat: true } }, 'budget.vat'],
    ['an impossible start date', { startsOn: '2026-02-30' }, 'startsOn'],
    ['a start date with a time', { startsOn: '2026-02-01T00:00:00Z' }, 'startsOn'],
    ['a start before 1900', { startsOn: '1899-12-31' }, 'startsOn'],
    ['year zero', { endsOn: '0000-01-01' }, 'endsOn'],
    ['an end before the start', { startsOn: '2026-03-01', endsOn: '2026-02-28' }, 'endsOn'],
    ['an unknown status', { status: 'finished' }, 'status'],
    ['an unknown field', { owner: UNKNOWN_ID }, 'owner'],
  ])('%s → 400 naming the field', async (_label, overrides, field) => {
    expectFieldError(await t.request('POST', '/api/projects', { token: owner.token, body: { accountId: acme.id, name: 'P', ...overrides } }), field);
  });

  it('several problems at once are reported together', async () => {
    const res = await t.request('POST', '/api/projects', { token: owner.token, body: { accountId: UNKNOWN_ID, name: 'P', startsOn: '2026-03-01', endsOn: '2026-02-01' } });
    expect(expectError(res, 400, 'invalid_input').details.map((d) => d.path).sort()).toEqual(['accountId', 'endsOn']);
  });

  it('a PATCH that puts the start after the stored end names the start; nothing changes', async () => {
    const project = await newProject({ startsOn: '2026-03-01', endsOn: '2026-03-31' });
    expectFieldError(await t.request('PATCH', `/api/projects/${project.id}`, { token: owner.token, body: { startsOn: '2026-04-01' } }), 'startsOn');
    expectFieldError(await t.request('PATCH', `/api/projects/${project.id}`, { token: owner.token, body: {} }), '(root)');
    expectFieldError(await t.request('PATCH', `/api/projects/${project.id}`, { token: owner.token, body: { name: null } }), 'name');
    expect(await get(`/api/projects/${project.id}`)).toEqual(project);
  });

  it('moving a project to another account takes its deliverables, their incidents and its targets along', async () => {
    const project = await newProject();
    const deliverable = await newDeliverable(project.id);
    const linked = await newIncident({ deliverableId: deliverable.id });
    const unlinked = await newIncident();
    const goal = await newTarget({ projectId: project.id });
    const moved = await patch(`/api/projects/${project.id}`, { accountId: globex.id });
    expect(moved).toMatchObject({ accountId: globex.id, accountName: 'Globex' });
    expect(await get(`/api/deliverables/${deliverable.id}`)).toMatchObject({ accountId: globex.id, accountName: 'Globex', projectId: project.id });
    expect(await get(`/api/incidents/${linked.id}`)).toMatchObject({ accountId: globex.id, deliverableId: deliverable.id });
    expect(await get(`/api/incidents/${unlinked.id}`)).toMatchObject({ accountId: acme.id, deliverableId: null });
    expect(await get(`/api/targets/${goal.id}`)).toMatchObject({ accountId: globex.id, projectId: project.id });
  });

  it('deleting a project deletes its deliverables; its targets and their incidents stay, unlinked; a second delete is 404', async () => {
    const project = await newProject();
    const [first, second] = [await newDeliverable(project.id), await newDeliverable(project.id)];
    const incident = await newIncident({ deliverableId: first.id });
    const goal = await newTarget({ projectId: project.id });
    expect((await t.request('DELETE', `/api/projects/${project.id}`, { token: owner.token })).status).toBe(204);
    expectError(await t.request('GET', `/api/projects/${project.id}`, { token: owner.token }), 404, 'not_found');
    for (const d of [first, second]) expectError(await t.request('GET', `/api/deliverables/${d.id}`, { token: owner.token }), 404, 'not_found');
    expect(await get(`/api/incidents/${incident.id}`)).toMatchObject({ accountId: acme.id, deliverableId: null, deliverableTitle: null });
    expect(await get(`/api/targets/${goal.id}`)).toMatchObject({ accountId: acme.id, projectId: null, projectName: null });
    expectError(await t.request('DELETE', `/api/projects/${project.id}`, { token: owner.token }), 404, 'not_found');
    const audit = await get(`/api/audit?entityType=project&entityId=${project.id}`);
    expect(audit.items.find((e: Json) => e.action === 'project.deleted').changes).toMatchObject({ deliverablesDeleted: 2 });
  });

  it('concurrent writes to one project and its deliverables all succeed, none lost', async () => {
    const project = await newProject({ name: 'Busy' });
    const results = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => t.request('POST', '/api/deliverables', { token: owner.token, body: { projectId: project.id, title: `Busy ${i}`, dueAt: NOW } })),
      t.request('PATCH', `/api/projects/${project.id}`, { token: owner.token, body: { status: 'active' } }),
      t.request('PATCH', `/api/projects/${project.id}`, { token: owner.token, body: { brief: 'Busy week' } }),
      t.request('POST', '/api/targets', { token: owner.token, body: { accountId: acme.id, projectId: project.id, metric: 'Busy', periodStart: '2026-03-01', periodEnd: '2026-03-31', goal: 1 } }),
    ]);
    expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([200, 200, 201, 201, 201, 201, 201, 201]);
    expect(await get(`/api/projects/${project.id}`)).toMatchObject({ status: 'active', brief: 'Busy week', deliverableCount: 5 });
  });

  describe('GET /api/projects: filters and paging', () => {
    let w: TestMember;
    let north: Json;
    let south: Json;
    const made: Json[] = [];

    beforeAll(async () => {
      w = await t.newWorkspace('Project Lists');
      north = await createAccount(t, w.token, { name: 'North' });
      south = await createAccount(t, w.token, { name: 'South' });
      const spans: Array<[Json, string, string | null, string | null]> = [
        [north, 'active', '2026-01-01', '2026-01-31'],
        [north, 'done', '2025-10-01', '2025-12-31'],
        [south, 'active', '2026-02-01', null],
        [north, 'planned', null, null],
        [south, 'cancelled', '2026-03-01', '2026-03-31'],
        [north, 'active', '2026-04-01', '2026-06-30'],
      ];
      for (const [i, [account, status, startsOn, endsOn]] of spans.entries()) {
        clock.set(`2026-03-0${i + 1}T09:00:00Z`); // created one a day: newest first is the reverse
        made.push(await created('/api/projects', { accountId: account.id, name: `P${i}`, status, startsOn, endsOn }, w.token));
      }
      clock.set(NOW);
    });
    const names = async (query: string) => (await get(`/api/projects?${query}`, w.token)).items.map((p: Json) => p.name);

    it.each([
      ['', ['P5', 'P4', 'P3', 'P2', 'P1', 'P0']],
      ['status=active', ['P5', 'P2', 'P0']],
      ['status=on_hold', []],
      ['accountId=NORTH', ['P5', 'P3', 'P1', 'P0']],
      ['accountId=SOUTH&status=cancelled', ['P4']],
      // Running in [2026-01-15, 2026-02-15): what overlaps it, open ends included.
      ['from=2026-01-15&to=2026-02-15', ['P3', 'P2', 'P0']],
      ['from=2026-04-01', ['P5', 'P3', 'P2']],
      ['to=2026-01-01', ['P3', 'P1']],
    ])('%s', async (query, expected) => {
      expect(await names(query.replace('NORTH', north.id).replace('SOUTH', south.id))).toEqual(expected);
    });

    it('pages with a cursor, newest first, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await get(`/api/projects?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, w.token);
        seen.push(...page.items.map((p: Json) => p.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['P5', 'P4', 'P3', 'P2', 'P1', 'P0']);
      expect(made).toHaveLength(6);
    });
  });
});

describe('deliverables', () => {
  let project: Json;
  beforeAll(async () => {
    project = await newProject({ name: 'Retainer Q1' });
  });

  it("records a deliverable on its project's account and answers it whole, with its lateness (201)", async () => {
    const res = await t.request('POST', '/api/deliverables', {
      token: owner.token,
      body: { projectId: project.id, title: ' Monthly report ', ownerId: member.userId, dueAt: '2026-03-20T19:00:00+02:00', notes: 'PDF and slides' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      projectId: project.id,
      projectName: 'Retainer Q1',
      accountId: acme.id,
      accountName: 'Acme',
      title: 'Monthly report',
      owner: { userId: member.userId, name: expect.any(String) },
      dueAt: '2026-03-20T17:00:00.000Z',
      deliveredAt: null,
      approvedAt: null,
      status: 'planned',
      state: 'upcoming',
      daysLate: null,
      notes: 'PDF and slides',
      createdBy: owner.userId,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(await get(`/api/deliverables/${res.body.id}`)).toEqual(res.body);
  });

  it('delivers, approves and reopens through status or times; status and times always agree', async () => {
    const d = await newDeliverable(project.id, { dueAt: '2026-03-09T17:00:00Z' });
    expect(d).toMatchObject({ status: 'planned', state: 'overdue', daysLate: 1 });
    clock.set('2026-03-11T09:30:00Z');
    const delivered = await patch(`/api/deliverables/${d.id}`, { status: 'delivered' });
    expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: '2026-03-11T09:30:00.000Z', approvedAt: null, state: 'delivered_late', daysLate: 2 });
    const approved = await patch(`/api/deliverables/${d.id}`, { approvedAt: '2026-03-12T10:00:00Z' });
    expect(approved).toMatchObject({ status: 'approved', deliveredAt: '2026-03-11T09:30:00.000Z', approvedAt: '2026-03-12T10:00:00.000Z', state: 'delivered_late' });
    const early = await patch(`/api/deliverables/${d.id}`, { deliveredAt: '2026-03-09T16:00:00Z' });
    expect(early).toMatchObject({ status: 'approved', state: 'delivered_on_time', daysLate: 0 });
    const reopened = await patch(`/api/deliverables/${d.id}`, { status: 'in_progress' });
    expect(reopened).toMatchObject({ status: 'in_progress', deliveredAt: null, approvedAt: null, state: 'overdue', daysLate: 2 });
    const cancelled = await patch(`/api/deliverables/${d.id}`, { status: 'cancelled' });
    expect(cancelled).toMatchObject({ status: 'cancelled', state: 'cancelled', daysLate: null });
  });

  it('creates delivered or approved work from its times alone', async () => {
    expect(await newDeliverable(project.id, { dueAt: '2026-03-05T17:00:00Z', deliveredAt: '2026-03-05T16:00:00Z' })).toMatchObject({ status: 'delivered', state: 'delivered_on_time', daysLate: 0 });
    expect(await newDeliverable(project.id, { dueAt: '2026-03-01T09:00:00Z', deliveredAt: '2026-03-04T10:00:00Z', approvedAt: '2026-03-05T10:00:00Z' })).toMatchObject({
      status: 'approved',
      state: 'delivered_late',
      daysLate: 4,
    });
    expect(await newDeliverable(project.id, { status: 'approved' })).toMatchObject({ status: 'approved', deliveredAt: NOW, approvedAt: NOW });
  });

  const long = (n: number) => 'x'.repeat(n);
  it.each<[string, Record<string, unknown>, string]>([
    ['no project', { projectId: undefined }, 'projectId'],
    ['an unknown project', { projectId: UNKNOWN_ID }, 'projectId'],
    ['an account id instead (not a field)', { accountId: UNKNOWN_ID }, 'accountId'],
    ['no title', { title: undefined }, 'title'],
    ['a blank title', { title: ' ' }, 'title'],
    ['a title too long', { title: long(301) }, 'title'],
    ['no due time', { dueAt: undefined }, 'dueAt'],
    ['a due date without a time', { dueAt: '2026-03-20' }, 'dueAt'],
    ['a due time without an offset', { dueAt: '2026-03-20T17:00:00' }, 'dueAt'],
    ['a due time before 1900', { dueAt: '1899-12-31T23:59:59Z' }, 'dueAt'],
    ['a due time in year zero', { dueAt: '0000-01-01T00:00:00Z' }, 'dueAt'],
    ['a delivery time in year 10000 once in UTC', { deliveredAt: '9999-12-31T23:00:00-01:00' }, 'deliveredAt'],
    ['a due time as a number', { dueAt: 1773000000000 }, 'dueAt'],
    ['an owner who is not a member', { ownerId: UNKNOWN_ID }, 'ownerId'],
    ['an owner id that is not a uuid', { ownerId: 'me' }, 'ownerId'],
    ['an unknown status', { status: 'done' }, 'status'],
    ['approved before delivered', { deliveredAt: '2026-03-05T10:00:00Z', approvedAt: '2026-03-04T10:00:00Z' }, 'approvedAt'],
    ['approved but never delivered', { approvedAt: '2026-03-04T10:00:00Z' }, 'deliveredAt'],
    ['planned with a delivery time', { status: 'planned', deliveredAt: '2026-03-04T10:00:00Z' }, 'deliveredAt'],
    ['delivered with an approval time', { status: 'delivered', approvedAt: '2026-03-04T10:00:00Z' }, 'approvedAt'],
    ['notes too long', { notes: long(20_001) }, 'notes'],
  ])('%s → 400 naming the field', async (_label, overrides, field) => {
    const body = { projectId: project.id, title: 'D', dueAt: '2026-03-20T17:00:00Z', ...overrides };
    expectFieldError(await t.request('POST', '/api/deliverables', { token: owner.token, body }), field);
  });

  it('a refused PATCH changes nothing', async () => {
    const d = await newDeliverable(project.id, { deliveredAt: '2026-03-05T10:00:00Z' });
    for (const [body, field] of [
      [{ approvedAt: '2026-03-01T00:00:00Z' }, 'approvedAt'],
      [{ status: 'cancelled', deliveredAt: '2026-03-06T00:00:00Z' }, 'deliveredAt'],
      [{ projectId: UNKNOWN_ID }, 'projectId'],
      [{ ownerId: UNKNOWN_ID }, 'ownerId'],
      [{ dueAt: null }, 'dueAt'],
      [{ state: 'overdue' }, 'state'],
    ] as const) {
      expectFieldError(await t.request('PATCH', `/api/deliverables/${d.id}`, { token: owner.token, body }), field);
    }
    expect(await get(`/api/deliverables/${d.id}`)).toEqual(d);
  });

  it("moving a deliverable to another account's project moves it and its incidents there", async () => {
    const d = await newDeliverable(project.id);
    const incident = await newIncident({ deliverableId: d.id });
    const elsewhere = await newProject({ accountId: globex.id, name: 'Globex launch' });
    const moved = await patch(`/api/deliverables/${d.id}`, { projectId: elsewhere.id });
    expect(moved).toMatchObject({ projectId: elsewhere.id, projectName: 'Globex launch', accountId: globex.id, accountName: 'Globex' });
    expect(await get(`/api/incidents/${incident.id}`)).toMatchObject({ accountId: globex.id, deliverableId: d.id });
  });

  it('an owner who leaves the workspace is cleared from their deliverables', async () => {
    const leaving = await t.newMember(owner.workspaceId, 'member');
    const d = await newDeliverable(project.id, { ownerId: leaving.userId });
    expect(d.owner).toEqual({ userId: leaving.userId, name: expect.any(String) });
    expect((await t.request('DELETE', `/api/members/${leaving.userId}`, { token: owner.token })).status).toBe(204);
    expect((await get(`/api/deliverables/${d.id}`)).owner).toBeNull();
  });

  it('deleting a deliverable keeps its incidents, unlinked (204, then 404)', async () => {
    const d = await newDeliverable(project.id);
    const incident = await newIncident({ deliverableId: d.id });
    expect((await t.request('DELETE', `/api/deliverables/${d.id}`, { token: owner.token })).status).toBe(204);
    expectError(await t.request('GET', `/api/deliverables/${d.id}`, { token: owner.token }), 404, 'not_found');
    expect(await get(`/api/incidents/${incident.id}`)).toMatchObject({ deliverableId: null, accountId: acme.id });
    expectError(await t.request('DELETE', `/api/deliverables/${d.id}`, { token: owner.token }), 404, 'not_found');
  });

  describe('lateness: the state filter (SQL) and the state field (pure rules) agree', () => {
    let w: TestMember;
    let account: Json;
    const byState: Record<string, string> = {};

    beforeAll(async () => {
      w = await t.newWorkspace('Lateness Agency');
      account = await createAccount(t, w.token, { name: 'Late Co' });
      const p = await created('/api/projects', { accountId: account.id, name: 'All states' }, w.token);
      const cases: Array<[string, Record<string, unknown>]> = [
        ['upcoming', { dueAt: '2026-03-11T00:00:00Z' }],
        ['due_today', { dueAt: '2026-03-10T23:59:59.999Z' }],
        ['overdue', { dueAt: '2026-03-07T12:00:00Z' }],
        ['delivered_on_time', { dueAt: '2026-03-05T17:00:00Z', deliveredAt: '2026-03-05T17:00:00Z' }],
        ['delivered_late', { dueAt: '2026-03-05T17:00:00Z', deliveredAt: '2026-03-05T17:00:00.001Z' }],
        ['cancelled', { dueAt: '2026-03-01T00:00:00Z', status: 'cancelled' }],
      ];
      for (const [state, body] of cases) {
        const d = await created('/api/deliverables', { projectId: p.id, title: state, ...body }, w.token);
        expect(d.state, state).toBe(state);
        byState[state] = d.id;
      }
    });

    it.each(['upcoming', 'due_today', 'overdue', 'delivered_on_time', 'delivered_late', 'cancelled'])('state=%s', async (state) => {
      const page = await get(`/api/deliverables?accountId=${account.id}&state=${state}`, w.token);
      expect(ids(page)).toEqual([byState[state]]);
      expect(page.items[0].state).toBe(state);
    });

    it('as the clock moves on, the boundaries move with it in both', async () => {
      clock.set('2026-03-11T00:00:00.000Z');
      const all = await get(`/api/deliverables?accountId=${account.id}`, w.token);
      const states = Object.fromEntries(all.items.map((d: Json) => [d.title, [d.state, d.daysLate]]));
      expect(states).toEqual({
        upcoming: ['due_today', null],
        due_today: ['overdue', 1],
        overdue: ['overdue', 4],
        delivered_on_time: ['delivered_on_time', 0],
        delivered_late: ['delivered_late', 1],
        cancelled: ['cancelled', null],
      });
      for (const state of ['upcoming', 'due_today', 'overdue']) {
        const filtered = await get(`/api/deliverables?accountId=${account.id}&state=${state}`, w.token);
        expect(filtered.items.map((d: Json) => d.state)).toEqual(all.items.filter((d: Json) => d.state === state).map((d: Json) => d.state));
        expect(ids(filtered)).toEqual(all.items.filter((d: Json) => d.state === state).map((d: Json) => d.id));
      }
    });
  });

  describe('GET /api/deliverables: filters, sort and paging', () => {
    let w: TestMember;
    let helper: TestMember;
    let p1: Json;
    let p2: Json;
    let other: Json;
    const titles = async (query: string) => (await get(`/api/deliverables?${query}`, w.token)).items.map((d: Json) => d.title);

    beforeAll(async () => {
      w = await t.newWorkspace('Deliverable Lists');
      helper = await t.newMember(w.workspaceId, 'member');
      const a = await createAccount(t, w.token, { name: 'Alpha' });
      const b = await createAccount(t, w.token, { name: 'Beta' });
      p1 = await created('/api/projects', { accountId: a.id, name: 'P1' }, w.token);
      p2 = await created('/api/projects', { accountId: a.id, name: 'P2' }, w.token);
      other = await created('/api/projects', { accountId: b.id, name: 'Other' }, w.token);
      // D3 and D4 share their due time: the id breaks the tie, in both directions.
      const rows: Array<[string, Json, string, Record<string, unknown>]> = [
        ['D1', p1, '2026-03-01T10:00:00Z', { deliveredAt: '2026-03-01T09:00:00Z' }],
        ['D2', p1, '2026-03-05T10:00:00Z', { ownerId: helper.userId }],
        ['D3', p2, '2026-03-15T10:00:00Z', {}],
        ['D4', p2, '2026-03-15T10:00:00Z', { ownerId: helper.userId, status: 'in_progress' }],
        ['D5', other, '2026-03-25T10:00:00Z', {}],
      ];
      for (const [title, project, dueAt, extra] of rows) await created('/api/deliverables', { projectId: project.id, title, dueAt, ...extra }, w.token);
    });

    it('latest due first by default, soonest first with sort=dueAt (ties by id, reversed)', async () => {
      const desc = await titles('');
      const asc = await titles('sort=dueAt');
      expect(desc.filter((x: string) => x !== 'D3' && x !== 'D4')).toEqual(['D5', 'D2', 'D1']);
      expect(asc).toEqual([...desc].reverse());
    });

    it.each([
      ['projectId=P1', ['D2', 'D1']],
      ['accountId=OTHERACC', ['D5']],
      ['ownerId=HELPER', ['D4', 'D2']],
      ['status=in_progress', ['D4']],
      ['status=delivered', ['D1']],
      ['state=overdue', ['D2']],
      ['state=upcoming&sort=dueAt', ['D3', 'D4', 'D5']],
      ['from=2026-03-05T10:00:00Z&to=2026-03-25T10:00:00Z&projectId=P1', ['D2']],
      ['to=2026-03-05T10:00:00Z', ['D1']],
    ])('%s', async (query, expected) => {
      const q = query.replace('P1', p1.id).replace('OTHERACC', other.accountId).replace('HELPER', helper.userId);
      const got = await titles(q);
      if (expected.includes('D3')) expect([...got].sort()).toEqual([...expected].sort());
      else expect(got).toEqual(expected);
    });

    it.each(['', 'sort=dueAt&'])('pages through everything (%s) without gaps or repeats', async (sort) => {
      const whole = await titles(sort);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await get(`/api/deliverables?${sort}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, w.token);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((d: Json) => d.title));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole);
      expect(seen).toHaveLength(5);
    });
  });
});

describe('targets', () => {
  it('records a target and derives whether it was met', async () => {
    const project = await newProject({ name: 'SEO' });
    const res = await t.request('POST', '/api/targets', {
      token: owner.token,
      body: { accountId: acme.id, projectId: project.id, metric: ' Organic sessions ', periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 12_000, actual: 12_000 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      accountId: acme.id,
      accountName: 'Acme',
      projectId: project.id,
      projectName: 'SEO',
      metric: 'Organic sessions',
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
      goal: 12_000,
      actual: 12_000,
      higherIsBetter: true,
      met: true,
      createdBy: owner.userId,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(await get(`/api/targets/${res.body.id}`)).toEqual(res.body);
  });

  it.each<[string, Record<string, unknown>, boolean | null]>([
    ['no actual yet', {}, null],
    ['below the goal', { actual: 99.5 }, false],
    ['a cost under budget', { higherIsBetter: false, goal: 50, actual: 42.25 }, true],
    ['a cost over budget', { higherIsBetter: false, goal: 50, actual: 50.01 }, false],
    ['negative numbers', { goal: -5, actual: -4 }, true],
    ['the largest allowed', { goal: 1e12, actual: -1e12 }, false],
  ])('%s → met %s', async (_label, overrides, met) => {
    expect((await newTarget(overrides)).met).toBe(met);
  });

  it('recording the actual later decides it', async () => {
    const goal = await newTarget({ goal: 10 });
    expect((await patch(`/api/targets/${goal.id}`, { actual: 11 })).met).toBe(true);
    expect((await patch(`/api/targets/${goal.id}`, { higherIsBetter: false })).met).toBe(false);
    expect((await patch(`/api/targets/${goal.id}`, { actual: null })).met).toBeNull();
  });

  it.each<[string, () => Record<string, unknown>, string]>([
    ['no account', () => ({ accountId: undefined }), 'accountId'],
    ['an unknown account', () => ({ accountId: UNKNOWN_ID }), 'accountId'],
    ['an unknown project', () => ({ projectId: UNKNOWN_ID }), 'projectId'],
    ['no metric', () => ({ metric: undefined }), 'metric'],
    ['a blank metric', () => ({ metric: '  ' }), 'metric'],
    ['no goal', () => ({ goal: undefined }), 'goal'],
    ['a goal as text', () => ({ goal: '100' }), 'goal'],
    ['a goal too large', () => ({ goal: 1e13 }), 'goal'],
    ['a goal of 1e308', () => ({ goal: 1e308 }), 'goal'],
    ['an actual too small', () => ({ actual: -1e13 }), 'actual'],
    ['higherIsBetter as text', () => ({ higherIsBetter: 'yes' }), 'higherIsBetter'],
    ['a period end before its start', () => ({ periodStart: '2026-03-01', periodEnd: '2026-02-28' }), 'periodEnd'],
    ['an impossible period end', () => ({ periodEnd: '2026-02-29' }), 'periodEnd'],
    ['a period start before 1900', () => ({ periodStart: '1850-01-01' }), 'periodStart'],
    ['an unknown field', () => ({ met: true }), 'met'],
  ])('%s → 400 naming the field', async (_label, overrides, field) => {
    const body = { accountId: acme.id, metric: 'M', periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 1, ...overrides() };
    expectFieldError(await t.request('POST', '/api/targets', { token: owner.token, body }), field);
  });

  it("a project of another account → 400 projectId; moving the target needs the new account's project or none", async () => {
    const globexProject = await newProject({ accountId: globex.id });
    expectFieldError(await t.request('POST', '/api/targets', { token: owner.token, body: { accountId: acme.id, projectId: globexProject.id, metric: 'M', periodStart: '2026-01-01', periodEnd: '2026-01-31', goal: 1 } }), 'projectId');
    const acmeProject = await newProject();
    const goal = await newTarget({ projectId: acmeProject.id });
    const error = expectError(await t.request('PATCH', `/api/targets/${goal.id}`, { token: owner.token, body: { accountId: globex.id } }), 400, 'invalid_input');
    expect(error.details).toEqual([{ path: 'projectId', message: 'This project belongs to another account' }]);
    expect(await patch(`/api/targets/${goal.id}`, { accountId: globex.id, projectId: globexProject.id })).toMatchObject({ accountId: globex.id, projectId: globexProject.id });
    expect(await patch(`/api/targets/${goal.id}`, { accountId: acme.id, projectId: null })).toMatchObject({ accountId: acme.id, projectId: null });
  });

  it('a PATCH moving the period start past its end names the start', async () => {
    const goal = await newTarget();
    expectFieldError(await t.request('PATCH', `/api/targets/${goal.id}`, { token: owner.token, body: { periodStart: '2026-04-01' } }), 'periodStart');
    expect(await get(`/api/targets/${goal.id}`)).toEqual(goal);
  });

  describe('GET /api/targets: filters and paging', () => {
    let w: TestMember;
    let a: Json;
    let p: Json;
    const metrics = async (query: string) => (await get(`/api/targets?${query}`, w.token)).items.map((x: Json) => x.metric);

    beforeAll(async () => {
      w = await t.newWorkspace('Target Lists');
      a = await createAccount(t, w.token, { name: 'Alpha' });
      const b = await createAccount(t, w.token, { name: 'Beta' });
      p = await created('/api/projects', { accountId: a.id, name: 'Ads' }, w.token);
      const rows: Array<[string, Json, string, string, Record<string, unknown>]> = [
        ['Q4 leads', a, '2025-10-01', '2025-12-31', { goal: 100, actual: 120 }],
        ['Jan CPA', a, '2026-01-01', '2026-01-31', { goal: 50, actual: 60, higherIsBetter: false, projectId: null }],
        ['Q1 leads', a, '2026-01-01', '2026-03-31', { goal: 100 }],
        ['Q1 reach', b, '2026-01-01', '2026-03-31', { goal: 1000, actual: 1000 }],
        ['Feb CTR', a, '2026-02-01', '2026-02-28', { goal: 2.5, actual: 1.9, projectId: 'P' }],
      ];
      for (const [metric, account, periodStart, periodEnd, extra] of rows) {
        const body = { accountId: account.id, metric, periodStart, periodEnd, ...extra, ...(extra.projectId === 'P' ? { projectId: p.id } : {}) };
        await created('/api/targets', body, w.token);
      }
    });

    it('latest period end first; equal ends by id', async () => {
      const all = await metrics('');
      expect(all.slice(2)).toEqual(['Feb CTR', 'Jan CPA', 'Q4 leads']);
      expect([...all.slice(0, 2)].sort()).toEqual(['Q1 leads', 'Q1 reach']);
    });

    it.each([
      ['met=true', ['Q1 reach', 'Q4 leads']],
      ['met=false', ['Feb CTR', 'Jan CPA']],
      ['met=pending', ['Q1 leads']],
      ['accountId=A&met=true', ['Q4 leads']],
      ['projectId=P', ['Feb CTR']],
      ['from=2026-01-31&to=2026-03-01', ['Feb CTR', 'Jan CPA']],
      ['to=2026-01-01', ['Q4 leads']],
    ])('%s', async (query, expected) => {
      expect(await metrics(query.replace('A&', `${a.id}&`).replace('=P', `=${p.id}`))).toEqual(expected);
    });

    it('pages with a cursor without gaps or repeats', async () => {
      const whole = await metrics('');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await get(`/api/targets?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, w.token);
        seen.push(...page.items.map((x: Json) => x.metric));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(whole);
      expect(seen).toHaveLength(5);
    });
  });
});

describe('incidents', () => {
  it('records an incident about a deliverable and answers it whole (201)', async () => {
    const project = await newProject();
    const d = await newDeliverable(project.id, { title: 'March report' });
    const res = await t.request('POST', '/api/incidents', {
      token: owner.token,
      body: { accountId: acme.id, deliverableId: d.id, kind: 'report_error', severity: 3, description: 'Totals were wrong', occurredAt: '2026-03-02T11:00:00+01:00' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      accountId: acme.id,
      accountName: 'Acme',
      deliverableId: d.id,
      deliverableTitle: 'March report',
      kind: 'report_error',
      severity: 3,
      description: 'Totals were wrong',
      occurredAt: '2026-03-02T10:00:00.000Z',
      createdBy: owner.userId,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(await get(`/api/incidents/${res.body.id}`)).toEqual(res.body);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no account', { accountId: undefined }, 'accountId'],
    ['an unknown account', { accountId: UNKNOWN_ID }, 'accountId'],
    ['an unknown deliverable', { deliverableId: UNKNOWN_ID }, 'deliverableId'],
    ['no kind', { kind: undefined }, 'kind'],
    ['an unknown kind', { kind: 'typo' }, 'kind'],
    ['no severity', { severity: undefined }, 'severity'],
    ['severity 0', { severity: 0 }, 'severity'],
    ['severity 4', { severity: 4 }, 'severity'],
    ['severity 1.5', { severity: 1.5 }, 'severity'],
    ['severity as text', { severity: '2' }, 'severity'],
    ['no time', { occurredAt: undefined }, 'occurredAt'],
    ['a time before 1900', { occurredAt: '1900-01-01T00:30:00+01:00' }, 'occurredAt'],
    ['a time in year 10000 once in UTC', { occurredAt: '9999-12-31T23:59:59-23:59' }, 'occurredAt'],
    ['a description too long', { description: 'x'.repeat(20_001) }, 'description'],
  ])('%s → 400 naming the field', async (_label, overrides, field) => {
    const body = { accountId: acme.id, kind: 'rework', severity: 1, occurredAt: '2026-03-02T10:00:00Z', ...overrides };
    expectFieldError(await t.request('POST', '/api/incidents', { token: owner.token, body }), field);
  });

  it("another account's deliverable → 400 deliverableId; moving the incident needs none or one of the new account's", async () => {
    const gp = await newProject({ accountId: globex.id });
    const gd = await newDeliverable(gp.id);
    const error = expectError(await t.request('POST', '/api/incidents', { token: owner.token, body: { accountId: acme.id, deliverableId: gd.id, kind: 'rework', severity: 1, occurredAt: NOW } }), 400, 'invalid_input');
    expect(error.details).toEqual([{ path: 'deliverableId', message: 'This deliverable belongs to another account' }]);
    const ap = await newProject();
    const ad = await newDeliverable(ap.id);
    const incident = await newIncident({ deliverableId: ad.id });
    expectFieldError(await t.request('PATCH', `/api/incidents/${incident.id}`, { token: owner.token, body: { accountId: globex.id } }), 'deliverableId');
    expect(await patch(`/api/incidents/${incident.id}`, { accountId: globex.id, deliverableId: gd.id })).toMatchObject({ accountId: globex.id, deliverableId: gd.id });
    expect(await patch(`/api/incidents/${incident.id}`, { deliverableId: null, severity: 1, description: 'Minor after all' })).toMatchObject({ accountId: globex.id, deliverableId: null, severity: 1 });
  });

  it('deletes an incident (204, then 404)', async () => {
    const incident = await newIncident();
    expect((await t.request('DELETE', `/api/incidents/${incident.id}`, { token: owner.token })).status).toBe(204);
    expectError(await t.request('GET', `/api/incidents/${incident.id}`, { token: owner.token }), 404, 'not_found');
    expectError(await t.request('DELETE', `/api/incidents/${incident.id}`, { token: owner.token }), 404, 'not_found');
  });

  describe('GET /api/incidents: filters and paging', () => {
    let w: TestMember;
    let p: Json;
    let d: Json;
    const descriptions = async (query: string) => (await get(`/api/incidents?${query}`, w.token)).items.map((x: Json) => x.description);

    beforeAll(async () => {
      w = await t.newWorkspace('Incident Lists');
      const a = await createAccount(t, w.token, { name: 'Alpha' });
      const b = await createAccount(t, w.token, { name: 'Beta' });
      p = await created('/api/projects', { accountId: a.id, name: 'Web' }, w.token);
      d = await created('/api/deliverables', { projectId: p.id, title: 'Launch', dueAt: '2026-03-01T10:00:00Z' }, w.token);
      const rows: Array<[string, Json, string, number, string, boolean]> = [
        ['I1', a, 'missed_deadline', 2, '2026-03-02T10:00:00Z', true],
        ['I2', a, 'complaint', 3, '2026-03-04T10:00:00Z', false],
        ['I3', b, 'missed_meeting', 1, '2026-03-03T10:00:00Z', false],
        ['I4', a, 'rework', 1, '2026-03-05T10:00:00Z', true],
      ];
      for (const [description, account, kind, severity, occurredAt, linked] of rows) {
        await created('/api/incidents', { accountId: account.id, kind, severity, occurredAt, description, ...(linked ? { deliverableId: d.id } : {}) }, w.token);
      }
    });

    it.each([
      ['', ['I4', 'I2', 'I3', 'I1']],
      ['kind=complaint', ['I2']],
      ['minSeverity=2', ['I2', 'I1']],
      ['deliverableId=D', ['I4', 'I1']],
      ['projectId=P', ['I4', 'I1']],
      ['from=2026-03-03T10:00:00Z&to=2026-03-05T10:00:00Z', ['I2', 'I3']],
    ])('%s', async (query, expected) => {
      expect(await descriptions(query.replace('=D', `=${d.id}`).replace('=P', `=${p.id}`))).toEqual(expected);
    });

    it('pages with a cursor', async () => {
      const first = await get('/api/incidents?limit=3', w.token);
      expect(first.items.map((x: Json) => x.description)).toEqual(['I4', 'I2', 'I3']);
      const second = await get(`/api/incidents?limit=3&cursor=${encodeURIComponent(first.nextCursor)}`, w.token);
      expect(second.items.map((x: Json) => x.description)).toEqual(['I1']);
      expect(second.nextCursor).toBeNull();
    });
  });
});

describe('query parameters are checked, never a 500', () => {
  const forged = (key: string, id = UNKNOWN_ID) => encodeURIComponent(encodeCursor([key, id]));
  it.each<[string, string]>([
    ['/api/projects?status=finished', 'query.status'],
    ['/api/projects?from=2026-02-30', 'query.from'],
    ['/api/projects?to=1899-12-31', 'query.to'],
    ['/api/projects?accountId=x', 'query.accountId'],
    ['/api/projects?limit=501', 'query.limit'],
    ['/api/projects?cursor=garbage', 'query.cursor'],
    [`/api/projects?cursor=${forged('0001-01-01T00:00:00Z')}`, 'query.cursor'],
    ['/api/deliverables?state=late', 'query.state'],
    ['/api/deliverables?sort=title', 'query.sort'],
    ['/api/deliverables?from=2026-03-01', 'query.from'],
    [`/api/deliverables?cursor=${forged('soon')}`, 'query.cursor'],
    [`/api/deliverables?sort=dueAt&cursor=${forged(NOW, 'not-a-uuid')}`, 'query.cursor'],
    ['/api/targets?met=yes', 'query.met'],
    ['/api/targets?from=0000-01-01', 'query.from'],
    [`/api/targets?cursor=${forged('2026-03-31T12:00:00.000Z')}`, 'query.cursor'],
    [`/api/targets?cursor=${forged('2026-02-30T00:00:00.000Z')}`, 'query.cursor'],
    ['/api/incidents?kind=typo', 'query.kind'],
    ['/api/incidents?minSeverity=4', 'query.minSeverity'],
    ['/api/incidents?minSeverity=abc', 'query.minSeverity'],
    ['/api/incidents?deliverableId=1', 'query.deliverableId'],
    ['/api/incidents?colour=red', 'query.colour'],
  ])('%s → 400 %s', async (url, field) => {
    expectFieldError(await t.request('GET', url, { token: owner.token }), field);
  });

  it.each(['/api/projects', '/api/deliverables', '/api/deliverables?sort=dueAt', '/api/incidents', '/api/accounts/ACME/timeline'])(
    '%s with a cursor at the edges of time: a page, or 400 past the year 9999 — never a 500',
    async (path) => {
      const url = (key: string) => `${path.replace('ACME', acme.id)}${path.includes('?') ? '&' : '?'}cursor=${forged(key)}`;
      for (const key of ['9999-12-31T23:59:59.999Z', '1900-01-01T00:00:00Z', '2026-02-30T10:00:00Z']) {
        const res = await t.request('GET', url(key), { token: owner.token });
        expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(200);
      }
      expectFieldError(await t.request('GET', url('9999-12-31T23:59:59-23:59'), { token: owner.token }), 'query.cursor');
    },
  );
});

describe('every write marks its accounts for a health recompute, in the same transaction', () => {
  let w: TestMember;
  let north: Json;
  let south: Json;
  beforeAll(async () => {
    w = await t.newWorkspace('Health Marks');
    north = await createAccount(t, w.token, { name: 'North' });
    south = await createAccount(t, w.token, { name: 'South' });
  });
  const sorted = (...accountIds: string[]) => [...accountIds].sort();

  /** Clears the marks, runs the write, and answers the marks it left. */
  async function marksOf(write: () => Promise<unknown>) {
    await clearHealthMarks(w.workspaceId);
    await write();
    return healthMarks(w.workspaceId);
  }
  const make = (path: string, body: Record<string, unknown>) => created(path, body, w.token);
  const change = (path: string, body: Record<string, unknown>) => patch(path, body, w.token);
  const remove = async (path: string) => expect((await t.request('DELETE', path, { token: w.token })).status).toBe(204);

  it('creating, changing and deleting each kind marks the account and queues one recompute', async () => {
    let project: Json;
    let deliverable: Json;
    let goal: Json;
    let incident: Json;
    const steps: Array<[string, () => Promise<unknown>, string[]]> = [
      ['create project', async () => (project = await make('/api/projects', { accountId: north.id, name: 'P' })), [north.id]],
      ['create deliverable', async () => (deliverable = await make('/api/deliverables', { projectId: project.id, title: 'D', dueAt: NOW })), [north.id]],
      ['create target', async () => (goal = await make('/api/targets', { accountId: north.id, metric: 'M', periodStart: '2026-01-01', periodEnd: '2026-01-31', goal: 1 })), [north.id]],
      ['create incident', async () => (incident = await make('/api/incidents', { accountId: north.id, deliverableId: deliverable.id, kind: 'rework', severity: 1, occurredAt: NOW })), [north.id]],
      ['change project', () => change(`/api/projects/${project.id}`, { status: 'active' }), [north.id]],
      ['deliver the deliverable', () => change(`/api/deliverables/${deliverable.id}`, { status: 'delivered' }), [north.id]],
      ['record the actual', () => change(`/api/targets/${goal.id}`, { actual: 2 }), [north.id]],
      ['change the incident', () => change(`/api/incidents/${incident.id}`, { severity: 3 }), [north.id]],
      ['move the target', () => change(`/api/targets/${goal.id}`, { accountId: south.id }), sorted(north.id, south.id)],
      ['move the project (its deliverable and incident follow)', () => change(`/api/projects/${project.id}`, { accountId: south.id }), sorted(north.id, south.id)],
      ['move the incident back, unlinked', () => change(`/api/incidents/${incident.id}`, { accountId: north.id, deliverableId: null }), sorted(north.id, south.id)],
      ['delete the incident', () => remove(`/api/incidents/${incident.id}`), [north.id]],
      ['delete the target', () => remove(`/api/targets/${goal.id}`), [south.id]],
      ['delete the deliverable', () => remove(`/api/deliverables/${deliverable.id}`), [south.id]],
      ['delete the project', () => remove(`/api/projects/${project.id}`), [south.id]],
    ];
    for (const [label, write, accounts] of steps) {
      const marks = await marksOf(write);
      expect(marks, label).toEqual({ accounts, jobs: 1 });
    }
  });

  it('deleting a project with deliverables marks its account', async () => {
    const project = await make('/api/projects', { accountId: north.id, name: 'Doomed' });
    await make('/api/deliverables', { projectId: project.id, title: 'D', dueAt: NOW });
    expect(await marksOf(() => remove(`/api/projects/${project.id}`))).toEqual({ accounts: [north.id], jobs: 1 });
  });

  it('a burst of writes coalesces into one queued recompute', async () => {
    await clearHealthMarks(w.workspaceId);
    for (let i = 0; i < 3; i++) await make('/api/incidents', { accountId: south.id, kind: 'other', severity: 1, occurredAt: NOW });
    expect(await healthMarks(w.workspaceId)).toEqual({ accounts: [south.id], jobs: 1 });
  });

  it('a refused write marks nothing and stores nothing', async () => {
    await clearHealthMarks(w.workspaceId);
    const res = await t.request('POST', '/api/incidents', { token: w.token, body: { accountId: north.id, deliverableId: UNKNOWN_ID, kind: 'other', severity: 1, occurredAt: NOW } });
    expectFieldError(res, 'deliverableId');
    expect(await healthMarks(w.workspaceId)).toEqual({ accounts: [], jobs: 0 });
  });
});

describe('every write is in the audit log', () => {
  it.each([
    ['project', '/api/projects', () => ({ accountId: acme.id, name: 'Audited' }), { name: 'Audited twice' }],
    ['target', '/api/targets', () => ({ accountId: acme.id, metric: 'Audited', periodStart: '2026-01-01', periodEnd: '2026-01-31', goal: 1 }), { actual: 5 }],
    ['incident', '/api/incidents', () => ({ accountId: acme.id, kind: 'other', severity: 1, occurredAt: NOW }), { description: 'Audited twice' }],
  ] as const)('%s: created, updated, deleted', async (entity, path, body, change) => {
    const made = await created(path, body());
    await patch(`${path}/${made.id}`, change);
    expect((await t.request('DELETE', `${path}/${made.id}`, { token: owner.token })).status).toBe(204);
    const audit = await get(`/api/audit?entityType=${entity}&entityId=${made.id}`);
    expect(audit.items.map((e: Json) => e.action).sort()).toEqual([`${entity}.created`, `${entity}.deleted`, `${entity}.updated`]);
    const updated = audit.items.find((e: Json) => e.action === `${entity}.updated`);
    // What was sent, and what follows from it (a target's verdict), and nothing else.
    expect(Object.keys(updated.changes).sort()).toEqual(entity === 'target' ? ['actual', 'met'] : Object.keys(change));
  });

  it('deliverable: created, updated (with the derived state), deleted', async () => {
    const project = await newProject();
    const d = await newDeliverable(project.id, { dueAt: '2026-03-09T00:00:00Z' });
    await patch(`/api/deliverables/${d.id}`, { status: 'delivered' });
    await t.request('DELETE', `/api/deliverables/${d.id}`, { token: owner.token });
    const audit = await get(`/api/audit?entityType=deliverable&entityId=${d.id}`);
    const updated = audit.items.find((e: Json) => e.action === 'deliverable.updated');
    expect(updated.changes).toMatchObject({ status: ['planned', 'delivered'], deliveredAt: [null, NOW], state: ['overdue', 'delivered_late'] });
    expect(audit.items).toHaveLength(3);
  });
});

describe('GET /api/accounts/{id}/timeline: every kind in one order, one cursor', () => {
  let w: TestMember;
  let account: Json;
  const made: Record<string, Json> = {};
  /** The expected timeline, newest first: [key, kind, at]. */
  let expected: Array<[string, string, string]>;

  beforeAll(async () => {
    w = await t.newWorkspace('Timeline Ledger');
    account = await createAccount(t, w.token, { name: 'Ledger Client' });
    const elsewhere = await createAccount(t, w.token, { name: 'Elsewhere' });
    const touch = (occurredAt: string, channel: string) =>
      created('/api/touchpoints', { accountId: account.id, occurredAt, channel, direction: 'agency_initiated', subject: `${channel} ${occurredAt}` }, w.token);
    made.call = await touch('2026-03-05T10:00:00Z', 'call');
    made.email = await touch('2026-02-01T10:00:00Z', 'email');
    made.project = await created('/api/projects', { accountId: account.id, name: 'Rebrand', startsOn: '2026-02-15' }, w.token);
    await created('/api/projects', { accountId: account.id, name: 'No start' }, w.token);
    made.upcoming = await created('/api/deliverables', { projectId: made.project.id, title: 'Upcoming', dueAt: '2026-03-20T17:00:00Z' }, w.token);
    made.late = await created('/api/deliverables', { projectId: made.project.id, title: 'Late', dueAt: '2026-02-20T17:00:00Z', deliveredAt: '2026-02-22T09:00:00Z' }, w.token);
    made.target = await created('/api/targets', { accountId: account.id, metric: 'Leads', periodStart: '2026-01-01', periodEnd: '2026-02-28', goal: 10, actual: 8 }, w.token);
    // The same instant as the late delivery: the id breaks the tie.
    made.incident = await created('/api/incidents', { accountId: account.id, deliverableId: made.late.id, kind: 'missed_deadline', severity: 2, occurredAt: '2026-02-22T09:00:00Z' }, w.token);
    // Nothing of another account shows.
    const theirs = await created('/api/projects', { accountId: elsewhere.id, name: 'Theirs', startsOn: '2026-03-01' }, w.token);
    await created('/api/deliverables', { projectId: theirs.id, title: 'Theirs', dueAt: '2026-03-01T00:00:00Z' }, w.token);
    await created('/api/incidents', { accountId: elsewhere.id, kind: 'other', severity: 1, occurredAt: '2026-03-01T00:00:00Z' }, w.token);
    await created('/api/touchpoints', { accountId: elsewhere.id, occurredAt: '2026-03-01T00:00:00Z', channel: 'call', direction: 'agency_initiated' }, w.token);

    const tie: Array<[string, string, string]> = [
      ['late', 'deliverable', '2026-02-22T09:00:00.000Z'],
      ['incident', 'incident', '2026-02-22T09:00:00.000Z'],
    ];
    tie.sort((x, y) => (made[x[0]].id < made[y[0]].id ? 1 : -1));
    expected = [
      ['upcoming', 'deliverable', '2026-03-20T17:00:00.000Z'],
      ['call', 'touchpoint', '2026-03-05T10:00:00.000Z'],
      ['target', 'target', '2026-02-28T00:00:00.000Z'],
      ...tie,
      ['project', 'project', '2026-02-15T00:00:00.000Z'],
      ['email', 'touchpoint', '2026-02-01T10:00:00.000Z'],
    ];
  });

  const timeline = (query = '') => get(`/api/accounts/${account.id}/timeline${query}`, w.token);
  const keysOf = (items: Json[]) => items.map((e: Json) => [Object.keys(made).find((k) => made[k].id === e[e.kind].id), e.kind, e.at]);

  it('merges touchpoints, project starts, deliverables, targets and incidents newest first, each entry with exactly its own payload', async () => {
    const body = await timeline();
    expect(keysOf(body.items)).toEqual(expected);
    expect(body.nextCursor).toBeNull();
    for (const entry of body.items) expect(Object.keys(entry).sort()).toEqual(['at', entry.kind, 'kind'].sort());
    const byKind = (kind: string) => body.items.filter((e: Json) => e.kind === kind);
    expect(byKind('deliverable').map((e: Json) => [e.deliverable.title, e.deliverable.state, e.deliverable.daysLate])).toEqual([
      ['Upcoming', 'upcoming', null],
      ['Late', 'delivered_late', 2],
    ]);
    expect(byKind('target')[0].target).toMatchObject({ metric: 'Leads', met: false, periodEnd: '2026-02-28' });
    expect(byKind('incident')[0].incident).toMatchObject({ deliverableTitle: 'Late', severity: 2 });
    expect(byKind('project')[0].project).toMatchObject({ name: 'Rebrand', deliverableCount: 2 });
    expect(byKind('touchpoint')[0].touchpoint).toMatchObject({ id: made.call.id, channel: 'call', accountId: account.id });
    for (const e of byKind('touchpoint')) expect(e.at).toBe(e.touchpoint.occurredAt);
  });

  it.each(['touchpoint', 'project', 'deliverable', 'target', 'incident'])('kind=%s shows only that kind, in the same order', async (kind) => {
    expect(keysOf((await timeline(`?kind=${kind}`)).items)).toEqual(expected.filter((e) => e[1] === kind));
  });

  it('channel and direction narrow it to touchpoints', async () => {
    expect(keysOf((await timeline('?channel=call')).items)).toEqual([['call', 'touchpoint', '2026-03-05T10:00:00.000Z']]);
    expect(keysOf((await timeline('?direction=agency_initiated')).items).map((e: Json) => e[0])).toEqual(['call', 'email']);
    expect((await timeline('?direction=client_initiated')).items).toEqual([]);
    expect((await timeline('?kind=incident&channel=call')).items).toEqual([]);
  });

  it.each([1, 2, 3, 7])('pages across kinds with limit=%i: every entry once, in order, and the tie split cleanly', async (limit) => {
    const seen: Json[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Json = await timeline(`?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(keysOf(seen)).toEqual(expected);
    // No empty last page: a page says there is a next one only when there is.
    expect(pages).toBe(Math.ceil(expected.length / limit));
  });

  it('a touchpoint-only cursor pages the whole timeline too (one cursor for every kind)', async () => {
    const first = await timeline('?kind=touchpoint&limit=1');
    const rest = await timeline(`?cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(keysOf(rest.items)).toEqual(expected.slice(2));
  });

  it('follows changes: a delivered deliverable moves to its delivery time; a deleted one leaves', async () => {
    const extra = await created('/api/deliverables', { projectId: made.project.id, title: 'Moves', dueAt: '2026-04-01T00:00:00Z' }, w.token);
    expect((await timeline('?limit=1')).items[0].deliverable.id).toBe(extra.id);
    await patch(`/api/deliverables/${extra.id}`, { deliveredAt: '2026-01-15T00:00:00Z' }, w.token);
    const items = (await timeline()).items;
    expect(items.at(-1)).toMatchObject({ kind: 'deliverable', at: '2026-01-15T00:00:00.000Z', deliverable: { id: extra.id, state: 'delivered_on_time' } });
    expect((await t.request('DELETE', `/api/deliverables/${extra.id}`, { token: w.token })).status).toBe(204);
    expect(keysOf((await timeline()).items)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['kind=survey', 'query.kind'],
    ['cursor=zzz', 'query.cursor'],
    [`cursor=${encodeURIComponent(encodeCursor(['1899-12-31T23:59:59.000Z', UNKNOWN_ID]))}`, 'query.cursor'],
  ])('%s → 400 naming the parameter', async (query, field) => {
    expectFieldError(await t.request('GET', `/api/accounts/${account.id}/timeline?${query}`, { token: w.token }), field);
  });

  it('the OpenAPI document describes each kind of entry with its own payload', async () => {
    const doc = await get('/api/openapi.json');
    const entry = doc.paths['/api/accounts/{id}/timeline'].get.responses['200'].content['application/json'].schema.properties.items.items;
    const variants = entry.oneOf ?? entry.anyOf;
    expect(variants.map((v: Json) => [v.properties.kind.enum ?? [v.properties.kind.const], v.required])).toEqual(
      ['touchpoint', 'project', 'deliverable', 'target', 'incident'].map((kind) => [[kind], expect.arrayContaining(['kind', 'at', kind])]),
    );
  });
});

describe('tenancy: another workspace never reaches this ledger', () => {
  let b: TestMember;
  let bAccount: Json;
  let secret: { project: Json; deliverable: Json; target: Json; incident: Json };

  beforeAll(async () => {
    b = await t.newWorkspace('Rival Ledger');
    bAccount = await createAccount(t, b.token, { name: 'Rival Client' });
    const project = await newProject({ name: 'Secret project', brief: 'Confidential brief' });
    const deliverable = await newDeliverable(project.id, { title: 'Secret deliverable' });
    const target = await newTarget({ metric: 'Secret metric', projectId: project.id });
    const incident = await newIncident({ deliverableId: deliverable.id, description: 'Secret incident' });
    secret = { project: await get(`/api/projects/${project.id}`), deliverable, target, incident };
  });

  it.each([
    ['projects', 'project', { name: 'Taken over' }],
    ['deliverables', 'deliverable', { title: 'Taken over' }],
    ['targets', 'target', { actual: 1 }],
    ['incidents', 'incident', { severity: 1 }],
  ] as const)('GET, PATCH, DELETE /api/%s/{id} → 404', async (path, key, body) => {
    const url = `/api/${path}/${secret[key].id}`;
    expectError(await t.request('GET', url, { token: b.token }), 404, 'not_found');
    expectError(await t.request('PATCH', url, { token: b.token, body }), 404, 'not_found');
    expectError(await t.request('DELETE', url, { token: b.token }), 404, 'not_found');
  });

  it('its lists show nothing of them, whatever the filter', async () => {
    for (const url of [
      '/api/projects',
      `/api/projects?accountId=${acme.id}`,
      '/api/deliverables',
      `/api/deliverables?projectId=${secret.project.id}`,
      `/api/deliverables?accountId=${acme.id}&state=upcoming`,
      '/api/targets',
      `/api/targets?projectId=${secret.project.id}`,
      '/api/incidents',
      `/api/incidents?deliverableId=${secret.deliverable.id}`,
      `/api/incidents?projectId=${secret.project.id}`,
    ]) {
      expect((await get(url, b.token)).items, url).toEqual([]);
    }
    expectError(await t.request('GET', `/api/accounts/${acme.id}/timeline`, { token: b.token }), 404, 'not_found');
  });

  it('cannot record against their account, project or deliverable, nor move its own there (400 naming the field)', async () => {
    expectFieldError(await t.request('POST', '/api/projects', { token: b.token, body: { accountId: acme.id, name: 'Planted' } }), 'accountId');
    expectFieldError(await t.request('POST', '/api/deliverables', { token: b.token, body: { projectId: secret.project.id, title: 'Planted', dueAt: NOW } }), 'projectId');
    expectFieldError(await t.request('POST', '/api/deliverables', { token: b.token, body: { projectId: UNKNOWN_ID, title: 'Planted', dueAt: NOW, ownerId: owner.userId } }), 'ownerId');
    expectFieldError(await t.request('POST', '/api/targets', { token: b.token, body: { accountId: bAccount.id, projectId: secret.project.id, metric: 'M', periodStart: '2026-01-01', periodEnd: '2026-01-31', goal: 1 } }), 'projectId');
    expectFieldError(await t.request('POST', '/api/incidents', { token: b.token, body: { accountId: bAccount.id, deliverableId: secret.deliverable.id, kind: 'other', severity: 1, occurredAt: NOW } }), 'deliverableId');
    const own = await created('/api/projects', { accountId: bAccount.id, name: 'Own' }, b.token);
    expectFieldError(await t.request('PATCH', `/api/projects/${own.id}`, { token: b.token, body: { accountId: acme.id } }), 'accountId');
  });

  it('their ledger is unchanged after all that', async () => {
    expect(await get(`/api/projects/${secret.project.id}`)).toEqual(secret.project);
    expect(await get(`/api/deliverables/${secret.deliverable.id}`)).toEqual(secret.deliverable);
    expect(await get(`/api/targets/${secret.target.id}`)).toEqual(secret.target);
    expect(await get(`/api/incidents/${secret.incident.id}`)).toEqual(secret.incident);
  });
});

describe('roles', () => {
  let ledger: { project: Json; deliverable: Json; target: Json; incident: Json };
  beforeAll(async () => {
    const project = await newProject({ name: 'Role target' });
    const deliverable = await newDeliverable(project.id);
    ledger = { project: await get(`/api/projects/${project.id}`), deliverable, target: await newTarget(), incident: await newIncident() };
  });

  it('a viewer reads every list, record and the timeline', async () => {
    for (const url of [
      '/api/projects',
      '/api/deliverables?state=upcoming',
      '/api/targets?met=pending',
      '/api/incidents',
      `/api/projects/${ledger.project.id}`,
      `/api/deliverables/${ledger.deliverable.id}`,
      `/api/targets/${ledger.target.id}`,
      `/api/incidents/${ledger.incident.id}`,
      `/api/accounts/${acme.id}/timeline?kind=deliverable`,
    ]) {
      await get(url, viewer.token);
    }
  });

  it('a viewer cannot write (403 forbidden, token or session) and nothing changes', async () => {
    const session = await login(t, viewer.email);
    const writes: Array<['POST' | 'PATCH' | 'DELETE', string, unknown]> = [
      ['POST', '/api/projects', { accountId: acme.id, name: 'By viewer' }],
      ['PATCH', `/api/projects/${ledger.project.id}`, { name: 'By viewer' }],
      ['DELETE', `/api/projects/${ledger.project.id}`, undefined],
      ['POST', '/api/deliverables', { projectId: ledger.project.id, title: 'By viewer', dueAt: NOW }],
      ['PATCH', `/api/deliverables/${ledger.deliverable.id}`, { status: 'delivered' }],
      ['DELETE', `/api/deliverables/${ledger.deliverable.id}`, undefined],
      ['POST', '/api/targets', { accountId: acme.id, metric: 'By viewer', periodStart: '2026-01-01', periodEnd: '2026-01-31', goal: 1 }],
      ['PATCH', `/api/targets/${ledger.target.id}`, { actual: 1 }],
      ['DELETE', `/api/targets/${ledger.target.id}`, undefined],
      ['POST', '/api/incidents', { accountId: acme.id, kind: 'other', severity: 1, occurredAt: NOW }],
      ['PATCH', `/api/incidents/${ledger.incident.id}`, { severity: 3 }],
      ['DELETE', `/api/incidents/${ledger.incident.id}`, undefined],
    ];
    for (const [method, url, body] of writes) {
      expectError(await t.request(method, url, { token: viewer.token, ...(body ? { body } : {}) }), 403, 'forbidden');
      const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
      expectError(await t.request(method, url, { headers, ...(body ? { body } : {}) }), 403, 'forbidden');
    }
    expect(await get(`/api/projects/${ledger.project.id}`)).toEqual(ledger.project);
    expect(await get(`/api/deliverables/${ledger.deliverable.id}`)).toEqual(ledger.deliverable);
    expect(await get(`/api/targets/${ledger.target.id}`)).toEqual(ledger.target);
    expect(await get(`/api/incidents/${ledger.incident.id}`)).toEqual(ledger.incident);
  });

  it('a member records, changes and deletes, also what others recorded', async () => {
    const mine = await newProject({ name: 'By member' }, member.token);
    expect(mine.createdBy).toBe(member.userId);
    const d = await newDeliverable(ledger.project.id, {}, member.token);
    expect((await t.request('PATCH', `/api/deliverables/${ledger.deliverable.id}`, { token: member.token, body: { notes: 'Checked by a member' } })).status).toBe(200);
    expect((await t.request('DELETE', `/api/deliverables/${d.id}`, { token: member.token })).status).toBe(204);
    expect((await t.request('DELETE', `/api/projects/${mine.id}`, { token: member.token })).status).toBe(204);
  });

  it('without credentials every ledger route is 401', async () => {
    for (const path of ['/api/projects', '/api/deliverables', '/api/targets', '/api/incidents']) {
      expectError(await t.request('GET', path), 401, 'unauthenticated');
      expectError(await t.request('POST', path, { body: {} }), 401, 'unauthenticated');
    }
  });
});

describe('fuzz: no value of any ledger field produces a 500, on real records', () => {
  // test/api/fuzz.test.ts walks every route with the account's id in `{id}`; here the ids are real,
  // so the writes get past the lookup into settling, linking and storing.
  const SEED = Number(process.env.FUZZ_SEED ?? 424_242);
  const ROUNDS = Number(process.env.FUZZ_ITERATIONS ?? 20) * 4;
  const FIELDS = [
    'accountId', 'projectId', 'deliverableId', 'ownerId', 'name', 'brief', 'budget', 'startsOn', 'endsOn', 'status', 'title', 'dueAt',
    'deliveredAt', 'approvedAt', 'notes', 'metric', 'periodStart', 'periodEnd', 'goal', 'actual', 'higherIsBetter', 'kind', 'severity',
    'description', 'occurredAt',
  ];
  let records: Record<'projects' | 'deliverables' | 'targets' | 'incidents', Json>;
  let valueOf: (random: () => number) => unknown;

  beforeAll(async () => {
    const project = await newProject({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const deliverable = await newDeliverable(project.id, { deliveredAt: '2026-03-01T00:00:00Z' });
    records = { projects: project, deliverables: deliverable, targets: await newTarget({ projectId: project.id }), incidents: await newIncident({ deliverableId: deliverable.id }) };
    const gp = await newProject({ accountId: globex.id });
    const values: unknown[] = [
      null, true, false, 0, -1, 1, 2, 3, 4, 1.5, -0.001, 1e12, 1e13, -1e12, 2 ** 53, 1e308, -1e308, Number.MIN_VALUE, '', ' ', 'x'.repeat(301),
      'NaN', 'Infinity', '1e999', '2026-02-29', '2024-02-29', '0000-01-01', '1899-12-31', '1900-01-01', '9999-12-31', '2026-03-10T12:00:00Z',
      '1900-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '9999-12-31T23:59:59Z', '9999-12-31T23:59:59-23:59', '2026-02-30T10:00:00Z', '+275760-09-13T00:00:00Z',
      'EUR', 'eur', { amount: 1, currency: 'EUR' }, { amount: 1e12, currency: 'EUR' }, { amount: -1 }, [], [1], {}, 'planned', 'approved',
      'delivered', 'cancelled', 'active', 'on_hold', 'rework', 'complaint', acme.id, globex.id, gp.id, project.id, deliverable.id, owner.userId,
      viewer.userId, UNKNOWN_ID, 'not-a-uuid', "'; drop table projects; --", '🍺',
    ];
    valueOf = (random) => values[Math.floor(random() * values.length)];
  });

  it.each(['projects', 'deliverables', 'targets', 'incidents'] as const)('PATCH and POST /api/%s', async (path) => {
    const random = seededRandom(SEED + path.length);
    for (let i = 0; i < ROUNDS; i++) {
      const body: Record<string, unknown> = {};
      const n = 1 + Math.floor(random() * 4);
      for (let k = 0; k < n; k++) body[FIELDS[Math.floor(random() * FIELDS.length)]!] = valueOf(random);
      const create = random() < 0.3;
      const url = create ? `/api/${path}` : `/api/${path}/${records[path].id}`;
      const res = await t.request(create ? 'POST' : 'PATCH', url, { token: owner.token, body });
      const replay = JSON.stringify({ seed: SEED, i, url, body, status: res.status, res: res.body }).slice(0, 1500);
      expect(res.status, replay).toBeLessThan(500);
      if (res.status >= 400) expect(ERROR_CODES, replay).toContain(res.body.error.code);
    }
    expect((await t.request('GET', `/api/${path}/${records[path].id}`, { token: owner.token })).status).toBe(200);
  });
});

describe('contacts and touchpoints are untouched by the ledger', () => {
  it("an account's contacts and touchpoints still read as before", async () => {
    const contact = await createContact(t, owner.token, acme.id, { name: 'Connie' });
    const touch = await created('/api/touchpoints', { accountId: acme.id, occurredAt: '2026-03-01T10:00:00Z', channel: 'call', direction: 'client_initiated', contactIds: [contact.id] });
    expect((await get(`/api/touchpoints/${touch.id}`)).contacts).toEqual([{ id: contact.id, name: 'Connie' }]);
    const entries = (await get(`/api/accounts/${acme.id}/timeline?kind=touchpoint&limit=200`)).items;
    expect(entries.map((e: Json) => e.touchpoint.id)).toContain(touch.id);
  });
});
