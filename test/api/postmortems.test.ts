import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { newId } from '../../src/platform/ids.js';
import { DEFAULT_MODEL } from '../../src/health/model.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, expectFieldError, UNKNOWN_ID } from '../support/factories.js';

/**
 * M6 over HTTP: marking accounts lost (and undoing it), the post-mortem of a lost account from each
 * kind of signal, the report of loss reasons, the backtest of the health model on a small history,
 * and who may do what in which workspace. The clock is fixed at 2026-07-15 12:00 UTC.
 */
const NOW = '2026-07-15T12:00:00.000Z';
let t: TestApp;
let owner: TestMember;
let member: TestMember;
let viewer: TestMember;

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(NOW) });
  owner = await t.newWorkspace('Post Agency');
  [member, viewer] = await Promise.all([t.newMember(owner.workspaceId, 'member'), t.newMember(owner.workspaceId, 'viewer')]);
});
afterAll(async () => t.close());

type Json = any;
const db = () => t.rapport.deps.db;

async function ok(res: Promise<{ status: number; body: Json }>, status = 201): Promise<Json> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

const markLost = (accountId: string, body: Record<string, unknown>, token = owner.token) => t.request('POST', `/api/accounts/${accountId}/lost`, { token, body });

async function touch(token: string, accountId: string, occurredAt: string, direction: 'agency_initiated' | 'client_initiated', contactIds: string[] = []): Promise<Json> {
  return ok(t.request('POST', '/api/touchpoints', { token, body: { accountId, channel: 'call', direction, occurredAt, contactIds } }));
}

/** The changes of the one audit event of `action` on the account (the clock is fixed: time cannot order them). */
async function auditChanges(entityId: string, action: string): Promise<Json> {
  const { rows } = await sql<{ changes: Json }>`select changes from audit_events where entity_id = ${entityId} and action = ${action}`.execute(db());
  expect(rows).toHaveLength(1);
  return rows[0]!.changes;
}

describe('POST /api/accounts/{id}/lost', () => {
  it('records the loss (201), sets the status to lost, audits it and marks the facts changed', async () => {
    const account = await createAccount(t, owner.token, { name: 'Gone Co', status: 'active' });
    await sql`delete from health_dirty where account_id = ${account.id}`.execute(db());
    const res = await markLost(account.id, { lostOn: '2026-06-30', reasons: ['quality', 'missed_results'], notes: 'They took the work to a bigger agency.' }, member.token);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      accountId: account.id,
      accountName: 'Gone Co',
      status: 'lost',
      lostOn: '2026-06-30',
      reasons: ['quality', 'missed_results'],
      notes: 'They took the work to a bigger agency.',
      recordedBy: { userId: member.userId, name: expect.any(String) },
      recordedAt: NOW,
    });
    expect((await t.request('GET', `/api/accounts/${account.id}`, { token: viewer.token })).body.status).toBe('lost');
    expect(await auditChanges(account.id, 'account.marked_lost')).toEqual({
      lostOn: [null, '2026-06-30'],
      reasons: [null, ['quality', 'missed_results']],
      notes: [null, 'They took the work to a bigger agency.'],
      status: ['active', 'lost'],
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from health_dirty where account_id = ${account.id}`.execute(db());
    expect(rows[0]!.n).toBe(1);
  });

  it('marking again edits the record (200): one record, the edit audited', async () => {
    const account = await createAccount(t, owner.token, { name: 'Twice Co' });
    await ok(markLost(account.id, { lostOn: '2026-05-01', reasons: ['price'] }));
    const again = await ok(markLost(account.id, { lostOn: '2026-05-03', reasons: ['price', 'in_housing'], notes: 'Hired their own team' }, member.token), 200);
    expect(again).toMatchObject({ lostOn: '2026-05-03', reasons: ['price', 'in_housing'], notes: 'Hired their own team', recordedBy: { userId: member.userId } });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from account_losses where account_id = ${account.id}`.execute(db());
    expect(rows[0]!.n).toBe(1);
    expect(await auditChanges(account.id, 'account.loss_updated')).toEqual({
      lostOn: ['2026-05-01', '2026-05-03'],
      reasons: [['price'], ['price', 'in_housing']],
      notes: ['', 'Hired their own team'],
    });
  });

  it('the day may be today anywhere, but not later; a refused mark changes nothing', async () => {
    // At noon UTC it is already the 16th east of UTC+12: a person there enters their own today.
    const account = await createAccount(t, owner.token, { name: 'Today Co', status: 'at_risk' });
    const error = expectError(await markLost(account.id, { lostOn: '2026-07-17', reasons: ['price'] }), 400, 'invalid_input');
    expect(error.details).toEqual([{ path: 'lostOn', message: 'Cannot be after today (2026-07-16 at the latest, in the time zone furthest ahead)' }]);
    expect((await t.request('GET', `/api/accounts/${account.id}`, { token: owner.token })).body.status).toBe('at_risk');
    expect((await ok(markLost(account.id, { lostOn: '2026-07-16', reasons: ['unknown'] }))).lostOn).toBe('2026-07-16');
  });

  it('the day may be the day the account began but not before it; without a start day, any past day', async () => {
    const account = await createAccount(t, owner.token, { name: 'Started Co', status: 'active', startedOn: '2024-03-01' });
    const error = expectError(await markLost(account.id, { lostOn: '2024-02-29', reasons: ['price'] }), 400, 'invalid_input');
    expect(error.details).toEqual([{ path: 'lostOn', message: 'Cannot be before the account began (2024-03-01)' }]);
    expect((await t.request('GET', `/api/accounts/${account.id}`, { token: owner.token })).body.status).toBe('active');
    expect((await ok(markLost(account.id, { lostOn: '2024-03-01', reasons: ['price'] }))).lostOn).toBe('2024-03-01');
    // Created today with no start day: a loss entered afterwards may be long ago.
    const unstarted = await createAccount(t, owner.token, { name: 'Unstarted Co', status: 'active' });
    expect((await ok(markLost(unstarted.id, { lostOn: '1999-05-01', reasons: ['unknown'] }))).lostOn).toBe('1999-05-01');
  });

  it.each([
    ['no day', { reasons: ['price'] }, 'lostOn'],
    ['a day in another format', { lostOn: '30/06/2026', reasons: ['price'] }, 'lostOn'],
    ['an impossible day', { lostOn: '2026-02-30', reasons: ['price'] }, 'lostOn'],
    ['a day before 1900', { lostOn: '1899-12-31', reasons: ['price'] }, 'lostOn'],
    ['a time instead of a day', { lostOn: '2026-06-30T10:00:00Z', reasons: ['price'] }, 'lostOn'],
    ['no reasons', { lostOn: '2026-06-30' }, 'reasons'],
    ['an empty list of reasons', { lostOn: '2026-06-30', reasons: [] }, 'reasons'],
    ['a reason outside the taxonomy', { lostOn: '2026-06-30', reasons: ['price', 'bad_vibes'] }, 'reasons.1'],
    ['a reason twice', { lostOn: '2026-06-30', reasons: ['price', 'quality', 'price'] }, 'reasons.2'],
    ['reasons as text', { lostOn: '2026-06-30', reasons: 'price' }, 'reasons'],
    ['notes too long', { lostOn: '2026-06-30', reasons: ['price'], notes: 'x'.repeat(20_001) }, 'notes'],
    ['notes as null', { lostOn: '2026-06-30', reasons: ['price'], notes: null }, 'notes'],
    ['an unknown field', { lostOn: '2026-06-30', reasons: ['price'], status: 'lost' }, 'status'],
  ])('%s → 400 naming %s', async (_label, body, field) => {
    const account = await createAccount(t, owner.token);
    expectFieldError(await markLost(account.id, body), field);
    expect((await t.request('GET', `/api/accounts/${account.id}`, { token: owner.token })).body.status).toBe('active');
  });

  it('an unknown account → 404', async () => {
    expectError(await markLost(UNKNOWN_ID, { lostOn: '2026-06-30', reasons: ['price'] }), 404, 'not_found');
  });
});

describe('DELETE /api/accounts/{id}/lost', () => {
  it('undoes the mark (204): the record goes, the account is active again, the audit keeps what was removed', async () => {
    const account = await createAccount(t, owner.token, { name: 'Back Co' });
    await ok(markLost(account.id, { lostOn: '2026-06-01', reasons: ['relationship'] }));
    expect((await t.request('DELETE', `/api/accounts/${account.id}/lost`, { token: member.token })).status).toBe(204);
    expect((await t.request('GET', `/api/accounts/${account.id}`, { token: owner.token })).body.status).toBe('active');
    const notLost = expectError(await t.request('GET', `/api/accounts/${account.id}/postmortem`, { token: owner.token }), 404, 'not_found');
    expect(notLost.message).toBe('This account is not marked lost');
    expect(await auditChanges(account.id, 'account.loss_removed')).toEqual({ lostOn: ['2026-06-01', null], reasons: [['relationship'], null], notes: ['', null], status: ['lost', 'active'] });
    // Undoing again: there is nothing to undo.
    expect(expectError(await t.request('DELETE', `/api/accounts/${account.id}/lost`, { token: owner.token }), 404, 'not_found').message).toBe('This account is not marked lost');
  });

  it('is the only way out of lost, and marking the only way in: the status alone is refused (400) and nothing changes', async () => {
    const account = await createAccount(t, owner.token, { name: 'Status Only Co', status: 'active' });
    const patch = (body: Record<string, unknown>) => t.request('PATCH', `/api/accounts/${account.id}`, { token: owner.token, body });
    expect(expectError(await patch({ status: 'lost' }), 400, 'invalid_input').details).toEqual([{ path: 'status', message: 'Use Mark lost, which records the day and the reasons' }]);
    expect(expectError(await t.request('POST', '/api/accounts', { token: owner.token, body: { name: 'Born Lost', status: 'lost' } }), 400, 'invalid_input').details[0]?.path).toBe('status');
    await ok(markLost(account.id, { lostOn: '2026-06-01', reasons: ['price'] }));
    expect(expectError(await patch({ status: 'prospect', notes: 'Back?' }), 400, 'invalid_input').details).toEqual([{ path: 'status', message: 'Undo the loss to reopen the account' }]);
    // Its other fields change as before, with the status sent as it is (a form sends every field).
    expect((await ok(patch({ status: 'lost', notes: 'Lost to a bigger agency.' }), 200)).notes).toBe('Lost to a bigger agency.');
    const after = (await t.request('GET', `/api/accounts/${account.id}`, { token: owner.token })).body;
    expect(after).toMatchObject({ status: 'lost', notes: 'Lost to a bigger agency.' });
  });

  it('an unknown account → 404', async () => {
    expectError(await t.request('DELETE', `/api/accounts/${UNKNOWN_ID}/lost`, { token: owner.token }), 404, 'not_found');
  });
});

describe('GET /api/accounts/{id}/postmortem', () => {
  let account: Json;
  let pm: Json;
  const ids: Record<string, string> = {};

  /** Snapshots and alerts come from the health engine over time: stored here as it would have. */
  async function snapshot(asOf: string, score: number, band: string, computedAt: string, cause = 'daily'): Promise<void> {
    await sql`insert into health_snapshots (workspace_id, id, account_id, as_of, score, band, model_version, components, cause, computed_at)
      values (${owner.workspaceId}, ${newId()}, ${account.id}, ${asOf}::date, ${score}, ${band}, 0, '[]'::jsonb, ${cause}, ${computedAt}::timestamptz)`.execute(db());
  }
  async function alert(fields: { kind: string; severity: string; raisedAt: string; state: string; acknowledgedAt?: string; acknowledgedBy?: string; resolvedAt?: string; resolution?: string }): Promise<string> {
    const id = newId();
    await sql`insert into alerts (workspace_id, id, account_id, kind, state, severity, message, reasons, raised_on, raised_at, updated_at, acknowledged_at, acknowledged_by, resolved_at, resolution)
      values (${owner.workspaceId}, ${id}, ${account.id}, ${fields.kind}, ${fields.state}, ${fields.severity}, ${`Alert ${fields.kind}`}, '[]'::jsonb,
              ${fields.raisedAt.slice(0, 10)}::date, ${fields.raisedAt}::timestamptz, ${fields.raisedAt}::timestamptz,
              ${fields.acknowledgedAt ?? null}::timestamptz, ${fields.acknowledgedBy ?? null}::uuid, ${fields.resolvedAt ?? null}::timestamptz, ${fields.resolution ?? null})`.execute(db());
    return id;
  }

  beforeAll(async () => {
    account = await createAccount(t, owner.token, { name: 'Decline Co', cadenceDays: 14, startedOn: '2025-01-01' });
    const dana = await createContact(t, owner.token, account.id, { name: 'Dana Decider', role: 'decision_maker' });
    // Touches: weekly with the client starting most until mid-February, then two from the agency alone.
    await touch(owner.token, account.id, '2026-01-01T10:00:00Z', 'client_initiated', [dana.id]); // before the window
    for (const [at, direction] of [
      ['2026-01-10T10:00:00Z', 'client_initiated'],
      ['2026-01-17T10:00:00Z', 'agency_initiated'],
      ['2026-01-24T10:00:00Z', 'client_initiated'],
      ['2026-02-07T10:00:00Z', 'client_initiated'],
      ['2026-02-14T10:00:00Z', 'agency_initiated'],
      ['2026-04-20T10:00:00Z', 'agency_initiated'],
      ['2026-06-10T10:00:00Z', 'agency_initiated'],
      ['2026-07-05T10:00:00Z', 'client_initiated'], // after the loss
    ] as const) {
      ids[at] = (await touch(owner.token, account.id, at, direction, [dana.id])).id;
    }
    const project = await ok(t.request('POST', '/api/projects', { token: owner.token, body: { accountId: account.id, name: 'Relaunch' } }));
    const deliverable = (title: string, dueAt: string, deliveredAt?: string) =>
      ok(t.request('POST', '/api/deliverables', { token: owner.token, body: { projectId: project.id, title, dueAt, ...(deliveredAt ? { deliveredAt } : {}) } }));
    await deliverable('Media plan', '2026-02-01T17:00:00Z', '2026-01-30T12:00:00Z');
    ids.report = (await deliverable('Campaign report', '2026-03-01T17:00:00Z', '2026-03-09T10:00:00Z')).id;
    ids.landing = (await deliverable('Landing page', '2026-05-15T17:00:00Z')).id;
    await deliverable('Old audit', '2025-12-01T17:00:00Z'); // before the window
    const target = (body: Record<string, unknown>) => ok(t.request('POST', '/api/targets', { token: owner.token, body: { accountId: account.id, ...body } }));
    ids.leads = (await target({ metric: 'Leads', periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 100, actual: 60, projectId: project.id })).id;
    await target({ metric: 'CPA (EUR)', periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 20, actual: 18, higherIsBetter: false });
    await target({ metric: 'Leads', periodStart: '2026-04-01', periodEnd: '2026-06-30', goal: 100 }); // not measured
    const incident = (body: Record<string, unknown>) => ok(t.request('POST', '/api/incidents', { token: owner.token, body: { accountId: account.id, ...body } }));
    ids.wrongNumbers = (await incident({ deliverableId: ids.report, kind: 'report_error', severity: 3, description: 'Wrong conversion numbers', occurredAt: '2026-03-10T09:00:00Z' })).id;
    ids.complaint = (await incident({ kind: 'complaint', severity: 2, occurredAt: '2026-05-20T08:00:00Z' })).id;
    await incident({ kind: 'rework', severity: 1, occurredAt: '2025-11-20T08:00:00Z' }); // before the window

    await snapshot('2025-12-01', 80, 'healthy', '2025-12-01T23:00:00Z'); // before the window
    await snapshot('2026-02-01', 74, 'healthy', '2026-02-01T08:00:00Z', 'change');
    await snapshot('2026-02-01', 75, 'healthy', '2026-02-01T23:00:00Z'); // the day's last
    await snapshot('2026-03-10', 55, 'watch', '2026-03-10T23:00:00Z');
    await snapshot('2026-05-16', 38, 'at_risk', '2026-05-16T23:00:00Z');
    ids.slipping = await alert({ kind: 'delivery_slipping', severity: 'warning', raisedAt: '2026-03-10T06:00:00Z', state: 'acknowledged', acknowledgedAt: '2026-03-11T09:00:00Z', acknowledgedBy: member.userId });
    ids.quality = await alert({ kind: 'quality_incidents', severity: 'critical', raisedAt: '2026-05-20T09:00:00Z', state: 'resolved', resolvedAt: '2026-06-25T06:00:00Z', resolution: 'auto' });
    ids.quiet = await alert({ kind: 'going_quiet', severity: 'warning', raisedAt: '2026-06-01T06:00:00Z', state: 'open' });
    await alert({ kind: 'single_threaded', severity: 'info', raisedAt: '2025-11-01T06:00:00Z', state: 'open' }); // before the window

    await ok(markLost(account.id, { lostOn: '2026-06-30', reasons: ['quality', 'missed_results'], notes: 'Numbers were wrong twice.' }));
    const res = await t.request('GET', `/api/accounts/${account.id}/postmortem`, { token: viewer.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pm = res.body;
  });

  it('answers the loss and the window: the 180 days ending on the loss day', () => {
    expect(pm.account).toEqual({ id: account.id, name: 'Decline Co', cadenceDays: 14 });
    expect(pm.loss).toEqual({ lostOn: '2026-06-30', reasons: ['quality', 'missed_results'], notes: 'Numbers were wrong twice.', recordedBy: { userId: owner.userId, name: expect.any(String) }, recordedAt: NOW });
    expect(pm.window).toEqual({ from: '2026-01-02', to: '2026-06-30', days: 180 });
  });

  it('late deliverables, with the days late as of the loss', () => {
    expect(pm.lateDeliverables).toEqual([
      { id: ids.report, projectId: expect.any(String), projectName: 'Relaunch', title: 'Campaign report', dueAt: '2026-03-01T17:00:00.000Z', deliveredAt: '2026-03-09T10:00:00.000Z', daysLate: 8, state: 'delivered_late' },
      { id: ids.landing, projectId: expect.any(String), projectName: 'Relaunch', title: 'Landing page', dueAt: '2026-05-15T17:00:00.000Z', deliveredAt: null, daysLate: 47, state: 'overdue' },
    ]);
  });

  it('missed targets (a met one and an unmeasured one are not)', () => {
    expect(pm.missedTargets).toEqual([
      { id: ids.leads, projectId: expect.any(String), projectName: 'Relaunch', metric: 'Leads', periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 100, actual: 60, higherIsBetter: true },
    ]);
  });

  it('incidents in the window, with the deliverable they were about', () => {
    expect(pm.incidents).toEqual([
      { id: ids.wrongNumbers, deliverableId: ids.report, deliverableTitle: 'Campaign report', kind: 'report_error', severity: 3, description: 'Wrong conversion numbers', occurredAt: '2026-03-10T09:00:00.000Z' },
      { id: ids.complaint, deliverableId: null, deliverableTitle: null, kind: 'complaint', severity: 2, description: '', occurredAt: '2026-05-20T08:00:00.000Z' },
    ]);
  });

  it('contact gaps longer than the cadence target (14 days), up to the loss', () => {
    expect(pm.contactGaps).toEqual([
      { from: '2026-02-14T10:00:00.000Z', to: '2026-04-20T10:00:00.000Z', days: 65, fromTouchId: ids['2026-02-14T10:00:00Z'], toTouchId: ids['2026-04-20T10:00:00Z'], allowedDays: 14 },
      { from: '2026-04-20T10:00:00.000Z', to: '2026-06-10T10:00:00.000Z', days: 51, fromTouchId: ids['2026-04-20T10:00:00Z'], toTouchId: ids['2026-06-10T10:00:00Z'], allowedDays: 14 },
      { from: '2026-06-10T10:00:00.000Z', to: '2026-07-01T00:00:00.000Z', days: 20, fromTouchId: ids['2026-06-10T10:00:00Z'], toTouchId: null, allowedDays: 14 },
    ]);
  });

  it('the client-initiated share per 30 days, and its drop', () => {
    expect(pm.initiation.map((b: Json) => [b.from, b.touches, b.clientTouches, b.clientShare])).toEqual([
      ['2026-01-02', 3, 2, 2 / 3],
      ['2026-02-01', 2, 1, 0.5],
      ['2026-03-03', 0, 0, null],
      ['2026-04-02', 1, 0, 0],
      ['2026-05-02', 0, 0, null],
      ['2026-06-01', 1, 0, 0],
    ]);
    expect(pm.summary).toMatchObject({ touches: 7, clientShareBefore: 0.6, clientShareAfter: 0, initiationDropped: true });
  });

  it("the health history in the window (each day's last score) and the first day at risk", () => {
    expect(pm.health).toEqual([
      { asOf: '2026-02-01', score: 75, band: 'healthy', modelVersion: 0 },
      { asOf: '2026-03-10', score: 55, band: 'watch', modelVersion: 0 },
      { asOf: '2026-05-16', score: 38, band: 'at_risk', modelVersion: 0 },
    ]);
    expect(pm.summary).toMatchObject({ firstAtRiskOn: '2026-05-16', atRiskDaysBeforeLoss: 45 });
  });

  it('alerts raised in the window and whether anyone acted', () => {
    expect(pm.alerts.map((a: Json) => [a.id, a.state, a.response, a.actedOn, a.actedBeforeLoss])).toEqual([
      [ids.slipping, 'acknowledged', 'acknowledged', true, true],
      [ids.quality, 'resolved', 'none', false, false],
      [ids.quiet, 'open', 'none', false, false],
    ]);
    expect(pm.alerts[0]).toMatchObject({ acknowledgedAt: '2026-03-11T09:00:00.000Z', acknowledgedBy: { userId: member.userId, name: expect.any(String) }, resolution: null });
    expect(pm.alerts[1]).toMatchObject({ resolution: 'auto', resolvedAt: '2026-06-25T06:00:00.000Z', resolvedBy: null });
    expect(pm.summary).toMatchObject({ alertsRaised: 3, alertsActedOn: 1 });
  });

  it('one timeline of every signal in the order it happened, ending with the loss', () => {
    expect(pm.timeline.map((e: Json) => `${e.at} ${e.kind}`)).toEqual([
      '2026-02-14T10:00:00.000Z contact_gap',
      '2026-03-01T17:00:00.000Z late_deliverable',
      '2026-03-10T00:00:00.000Z band_change',
      '2026-03-10T06:00:00.000Z alert',
      '2026-03-10T09:00:00.000Z incident',
      '2026-03-31T00:00:00.000Z missed_target',
      '2026-04-20T10:00:00.000Z contact_gap',
      '2026-05-15T17:00:00.000Z late_deliverable',
      '2026-05-16T00:00:00.000Z band_change',
      '2026-05-20T08:00:00.000Z incident',
      '2026-05-20T09:00:00.000Z alert',
      '2026-06-01T06:00:00.000Z alert',
      '2026-06-10T10:00:00.000Z contact_gap',
      '2026-07-01T00:00:00.000Z lost',
    ]);
    expect(pm.timeline[1]).toEqual({ at: '2026-03-01T17:00:00.000Z', kind: 'late_deliverable', refId: ids.report, message: 'Campaign report (Relaunch) was due 2026-03-01: delivered 8 days late' });
    expect(pm.timeline.at(-1)).toEqual({ at: '2026-07-01T00:00:00.000Z', kind: 'lost', refId: account.id, message: 'Lost on 2026-06-30 (quality, missed results)' });
  });

  it('sums it up', () => {
    expect(pm.summary).toEqual({
      deliverablesDue: 3,
      lateDeliverables: 2,
      targetsEvaluated: 2,
      missedTargets: 1,
      incidents: 2,
      incidentSeverityTotal: 5,
      touches: 7,
      contactGaps: 3,
      longestGapDays: 65,
      clientShareBefore: 0.6,
      clientShareAfter: 0,
      initiationDropped: true,
      firstAtRiskOn: '2026-05-16',
      atRiskDaysBeforeLoss: 45,
      alertsRaised: 3,
      alertsActedOn: 1,
    });
  });

  it('an account not marked lost → 404 not_found saying so; an unknown one → 404', async () => {
    const other = await createAccount(t, owner.token, { status: 'active' });
    const error = expectError(await t.request('GET', `/api/accounts/${other.id}/postmortem`, { token: owner.token }), 404, 'not_found');
    expect(error.message).toBe('This account is not marked lost');
    expect(expectError(await t.request('GET', `/api/accounts/${UNKNOWN_ID}/postmortem`, { token: owner.token }), 404, 'not_found').message).toBe('Account not found');
  });
});

describe('GET /api/postmortems/reasons', () => {
  let agency: TestMember;
  const lost: Record<string, Json> = {};

  beforeAll(async () => {
    agency = await t.newWorkspace('Reasons Agency');
    for (const [name, lostOn, reasons, value] of [
      ['Alpha', '2026-01-15', ['price'], { amount: 4000, currency: 'EUR' }],
      ['Bravo', '2026-03-01', ['price', 'quality'], { amount: 2500.5, currency: 'EUR' }],
      ['Charlie', '2026-05-20', ['quality'], { amount: 3000, currency: 'USD' }],
      ['Delta', '2026-06-30', ['in_housing'], null],
    ] as const) {
      lost[name] = await createAccount(t, agency.token, { name, ...(value ? { value } : {}) });
      await ok(markLost(lost[name].id, { lostOn, reasons, notes: `${name} notes` }, agency.token));
    }
    // A lost account that was archived afterwards still counts; a retained account does not.
    await ok(t.request('PATCH', `/api/accounts/${lost.Delta.id}`, { token: agency.token, body: { archived: true } }), 200);
    await createAccount(t, agency.token, { name: 'Echo', value: { amount: 9999, currency: 'EUR' } });
  });

  it('per reason: the lost accounts and their value per currency, most given first; then every lost account', async () => {
    const report = await ok(t.request('GET', '/api/postmortems/reasons', { token: agency.token }), 200);
    expect(report.from).toBeNull();
    expect(report.to).toBeNull();
    expect(report.totals).toEqual({ accounts: 4, value: [{ currency: 'EUR', amount: 6500.5 }, { currency: 'USD', amount: 3000 }] });
    expect(report.reasons.slice(0, 3)).toEqual([
      { reason: 'price', accounts: 2, value: [{ currency: 'EUR', amount: 6500.5 }], share: 0.5 },
      { reason: 'quality', accounts: 2, value: [{ currency: 'USD', amount: 3000 }, { currency: 'EUR', amount: 2500.5 }], share: 0.5 },
      { reason: 'in_housing', accounts: 1, value: [], share: 0.25 },
    ]);
    expect(report.reasons).toHaveLength(10);
    expect(report.reasons.slice(3).every((r: Json) => r.accounts === 0)).toBe(true);
    expect(report.accounts).toEqual([
      { accountId: lost.Delta.id, name: 'Delta', lostOn: '2026-06-30', reasons: ['in_housing'], notes: 'Delta notes', value: null },
      { accountId: lost.Charlie.id, name: 'Charlie', lostOn: '2026-05-20', reasons: ['quality'], notes: 'Charlie notes', value: { amount: 3000, currency: 'USD' } },
      { accountId: lost.Bravo.id, name: 'Bravo', lostOn: '2026-03-01', reasons: ['price', 'quality'], notes: 'Bravo notes', value: { amount: 2500.5, currency: 'EUR' } },
      { accountId: lost.Alpha.id, name: 'Alpha', lostOn: '2026-01-15', reasons: ['price'], notes: 'Alpha notes', value: { amount: 4000, currency: 'EUR' } },
    ]);
  });

  it('from and to filter on the day of the loss, both included', async () => {
    const report = await ok(t.request('GET', '/api/postmortems/reasons?from=2026-03-01&to=2026-05-20', { token: agency.token }), 200);
    expect(report).toMatchObject({ from: '2026-03-01', to: '2026-05-20', totals: { accounts: 2 } });
    expect(report.accounts.map((a: Json) => a.name)).toEqual(['Charlie', 'Bravo']);
    expect(report.reasons[0]).toEqual({ reason: 'quality', accounts: 2, value: [{ currency: 'USD', amount: 3000 }, { currency: 'EUR', amount: 2500.5 }], share: 1 });
    const none = await ok(t.request('GET', '/api/postmortems/reasons?from=2026-07-01', { token: agency.token }), 200);
    expect(none.totals).toEqual({ accounts: 0, value: [] });
  });

  it.each([
    ['to before from', '?from=2026-05-01&to=2026-04-30', 'query.to'],
    ['an impossible day', '?from=2026-02-30', 'query.from'],
    ['a day before 1900', '?to=1800-01-01', 'query.to'],
    ['an unknown parameter', '?reason=price', 'query.reason'],
  ])('%s → 400 naming %s', async (_label, query, field) => {
    expectFieldError(await t.request('GET', `/api/postmortems/reasons${query}`, { token: agency.token }), field);
  });
});

describe('GET /api/backtest', () => {
  let agency: TestMember;
  let slipping: Json;
  let steady: Json;

  /** A monthly deliverable due on the 15th, delivered `late` days after (or never, with null). */
  async function monthlyDeliverables(token: string, projectId: string, months: string[], lateDays: (month: string) => number | null): Promise<void> {
    for (const month of months) {
      const due = new Date(`${month}-15T17:00:00Z`);
      const late = lateDays(month);
      const deliveredAt = late === null ? undefined : new Date(due.getTime() + late * 86_400_000 - (late === 0 ? 3_600_000 : 0)).toISOString();
      await ok(t.request('POST', '/api/deliverables', { token, body: { projectId, title: `Report ${month}`, dueAt: due.toISOString(), ...(deliveredAt ? { deliveredAt } : {}) } }));
    }
  }
  const monthsFrom = (first: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const d = new Date(`${first}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + i);
      return d.toISOString().slice(0, 7);
    });

  beforeAll(async () => {
    agency = await t.newWorkspace('Backtest Agency');
    const token = agency.token;
    // Slipping: well looked after for half a year, then delivery slips, targets are missed, two
    // serious incidents, and no one calls; lost at the end of May 2026.
    slipping = await createAccount(t, token, { name: 'Slipping Co', startedOn: '2025-07-01', cadenceDays: 14 });
    const sContacts = [await createContact(t, token, slipping.id, { role: 'decision_maker' }), await createContact(t, token, slipping.id, { role: 'champion' })];
    for (let day = 0; day < 184; day += 7) {
      const at = new Date(Date.parse('2025-07-02T10:00:00Z') + day * 86_400_000).toISOString();
      await touch(token, slipping.id, at, day % 14 === 0 ? 'client_initiated' : 'agency_initiated', sContacts.map((c) => c.id));
    }
    const sProject = await ok(t.request('POST', '/api/projects', { token, body: { accountId: slipping.id, name: 'Retainer' } }));
    await monthlyDeliverables(token, sProject.id, monthsFrom('2025-07', 11), (m) => (m < '2026-01' ? 0 : m < '2026-04' ? 20 : null));
    for (const [periodStart, periodEnd, actual] of [
      ['2025-07-01', '2025-09-30', 120],
      ['2025-10-01', '2025-12-31', 70],
      ['2026-01-01', '2026-03-31', 40],
    ] as const) {
      await ok(t.request('POST', '/api/targets', { token, body: { accountId: slipping.id, metric: 'Leads', periodStart, periodEnd, goal: 100, actual } }));
    }
    for (const occurredAt of ['2026-02-10T10:00:00Z', '2026-03-16T10:00:00Z']) {
      await ok(t.request('POST', '/api/incidents', { token, body: { accountId: slipping.id, kind: 'report_error', severity: 3, occurredAt } }));
    }
    await ok(markLost(slipping.id, { lostOn: '2026-05-31', reasons: ['quality', 'missed_results'] }, token));

    // Steady: on time, on target, in touch every week (the client starting every other touch).
    steady = await createAccount(t, token, { name: 'Steady Co', startedOn: '2025-07-01', cadenceDays: 14, status: 'active' });
    const tContacts = [await createContact(t, token, steady.id, { role: 'decision_maker' }), await createContact(t, token, steady.id, { role: 'champion' })];
    for (let day = 0; day < 378; day += 7) {
      const at = new Date(Date.parse('2025-07-02T10:00:00Z') + day * 86_400_000).toISOString();
      await touch(token, steady.id, at, day % 14 === 0 ? 'client_initiated' : 'agency_initiated', tContacts.map((c) => c.id));
    }
    const tProject = await ok(t.request('POST', '/api/projects', { token, body: { accountId: steady.id, name: 'Retainer' } }));
    await monthlyDeliverables(token, tProject.id, monthsFrom('2025-07', 12), () => 0);
    for (const [periodStart, periodEnd] of [
      ['2025-07-01', '2025-09-30'],
      ['2025-10-01', '2025-12-31'],
      ['2026-01-01', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
    ] as const) {
      await ok(t.request('POST', '/api/targets', { token, body: { accountId: steady.id, metric: 'Leads', periodStart, periodEnd, goal: 100, actual: 110 } }));
    }
    // Not replayed: a prospect, and an archived account.
    await createAccount(t, token, { name: 'Maybe Co', status: 'prospect' });
    const archived = await createAccount(t, token, { name: 'Shelved Co', status: 'active' });
    await ok(t.request('PATCH', `/api/accounts/${archived.id}`, { token, body: { archived: true } }), 200);
  });

  it('flags the lost account whose delivery slipped before the loss, and never the steady one', async () => {
    const res = await t.request('GET', '/api/backtest', { token: viewer.token, headers: { 'x-rapport-workspace': agency.workspaceId } });
    // The viewer of Post Agency is no member of Backtest Agency.
    expectError(res, 404, 'not_found');
    const result = await ok(t.request('GET', '/api/backtest', { token: agency.token }), 200);
    expect(result).toMatchObject({ asOf: '2026-07-15', horizonDays: 90, lookbackDays: 180, accounts: { lost: 1, retained: 1 } });
    // From the first record of each (their first touch, 2025-07-02: they started on 2025-07-01, and
    // their records were created today with older history), Slipping to its loss, Steady to today.
    expect(result.accounts.replayedDays).toBe(334 + 379);
    expect(result.models).toHaveLength(1);
    const [model] = result.models;
    expect(model).toMatchObject({ version: 0, note: 'Built-in default', recall: 1, accountPrecision: 1 });
    // Both were touched on their first day, so every replayed day had data.
    expect(model.counts).toMatchObject({ noDataDays: 0, lostAccounts: 1, lostAccountsFlagged: 1, flaggedAccounts: 1, flaggedAccountsLost: 1, lostAccountsWithoutData: 0 });
    expect(model.lost).toHaveLength(1);
    const [lostAccount] = model.lost;
    expect(lostAccount).toMatchObject({ accountId: slipping.id, name: 'Slipping Co', lostOn: '2026-05-31', isFlaggedWithinHorizon: true });
    expect(lostAccount.firstAtRiskOn > '2026-01-01' && lostAccount.firstAtRiskOn < '2026-05-31').toBe(true);
    expect(lostAccount.leadDays).toBeGreaterThan(0);
    expect(model.medianLeadDays).toBe(lostAccount.leadDays);
    // Below healthy no later than at risk: the softer warning comes first, or on the same day.
    expect(lostAccount.firstWatchOn <= lostAccount.firstAtRiskOn).toBe(true);
    expect(lostAccount.watchLeadDays).toBeGreaterThanOrEqual(lostAccount.leadDays);
    expect(model.medianWatchLeadDays).toBe(lostAccount.watchLeadDays);
    expect(model.precision).toBeGreaterThan(0);
  });

  it('compares two models side by side: one that never calls at risk flags nothing', async () => {
    // Every score is at least 0, so at least watch.
    const lenient = { ...DEFAULT_MODEL, bands: { healthy: 1, watch: 0 } };
    const saved = await ok(t.request('PUT', '/api/health/model', { token: agency.token, body: { model: lenient, note: 'Lenient' } }));
    expect(saved.version).toBe(1);
    const result = await ok(t.request('GET', `/api/backtest?model=0&compare=${saved.version}&horizon=120`, { token: agency.token }), 200);
    expect(result.horizonDays).toBe(120);
    expect(result.models.map((m: Json) => [m.version, m.note])).toEqual([
      [0, 'Built-in default'],
      [1, 'Lenient'],
    ]);
    expect(result.models[0].recall).toBe(1);
    expect(result.models[1]).toMatchObject({ recall: 0, precision: null, medianLeadDays: null, counts: { atRiskDays: 0, flaggedAccounts: 0 } });
    // Never at risk, but below its healthy line (a score of 0) from 2026-03-31, 61 days before the loss.
    expect(result.models[1].lost).toEqual([
      {
        accountId: slipping.id,
        name: 'Slipping Co',
        lostOn: '2026-05-31',
        firstAtRiskOn: null,
        leadDays: null,
        firstWatchOn: '2026-03-31',
        watchLeadDays: 61,
        isFlaggedWithinHorizon: false,
        hasDataWithinHorizon: true,
      },
    ]);
    expect(result.models[1].medianWatchLeadDays).toBe(61);
    // Without `model`, the one in force (now version 1) is tested.
    const current = await ok(t.request('GET', '/api/backtest', { token: agency.token }), 200);
    expect(current.models.map((m: Json) => m.version)).toEqual([1]);
  });

  it.each([
    ['an unknown model version', '?model=7', 'model'],
    ['an unknown version to compare', '?compare=99', 'compare'],
    ['a version that is no number', '?model=latest', 'query.model'],
    ['an empty version', '?model=', 'query.model'],
    ['a horizon too short', '?horizon=3', 'query.horizon'],
    ['a horizon too long', '?horizon=400', 'query.horizon'],
    ['an unknown parameter', '?limit=5', 'query.limit'],
  ])('%s → 400 naming %s', async (_label, query, field) => {
    expectFieldError(await t.request('GET', `/api/backtest${query}`, { token: agency.token }), field);
  });

  it('refuses a workspace with more than 2,000 accounts to replay (400), pointing to the CLI', async () => {
    const big = await t.newWorkspace('Big Agency');
    await sql`insert into accounts (workspace_id, id, name, sort_name, search_text, status, created_at, updated_at)
      select ${big.workspaceId}::uuid, gen_random_uuid(), 'Account ' || n, 'account ' || n, 'account ' || n, 'active', now(), now()
      from generate_series(1, 2001) as n`.execute(db());
    const error = expectError(await t.request('GET', '/api/backtest', { token: big.token }), 400, 'invalid_input');
    expect(error.message).toContain('at most 2,000 accounts; this workspace has 2,001');
    expect(error.message).toContain('rapport backtest');
  });
});

describe('tenancy and roles', () => {
  let other: TestMember;
  let mine: Json;

  beforeAll(async () => {
    other = await t.newWorkspace('Other Agency');
    mine = await createAccount(t, owner.token, { name: 'Private Loss Co' });
    await ok(markLost(mine.id, { lostOn: '2026-04-01', reasons: ['consolidation'], notes: 'Secret notes' }));
  });

  it("another workspace meets 404 on this workspace's accounts and sees none of its losses", async () => {
    expectError(await markLost(mine.id, { lostOn: '2026-04-02', reasons: ['price'] }, other.token), 404, 'not_found');
    expectError(await t.request('DELETE', `/api/accounts/${mine.id}/lost`, { token: other.token }), 404, 'not_found');
    expectError(await t.request('GET', `/api/accounts/${mine.id}/postmortem`, { token: other.token }), 404, 'not_found');
    const report = await ok(t.request('GET', '/api/postmortems/reasons', { token: other.token }), 200);
    expect(report.totals.accounts).toBe(0);
    const backtest = await ok(t.request('GET', '/api/backtest', { token: other.token }), 200);
    expect(backtest.accounts).toEqual({ lost: 0, retained: 0, replayedDays: 0 });
    expect(JSON.stringify([report, backtest])).not.toContain(mine.id);
    // Untouched.
    const still = await ok(t.request('GET', `/api/accounts/${mine.id}/postmortem`, { token: owner.token }), 200);
    expect(still.loss).toMatchObject({ lostOn: '2026-04-01', reasons: ['consolidation'], notes: 'Secret notes' });
  });

  it('a viewer reads the post-mortem, the reasons and the backtest, but may not mark or unmark (403)', async () => {
    expect((await t.request('GET', `/api/accounts/${mine.id}/postmortem`, { token: viewer.token })).status).toBe(200);
    expect((await t.request('GET', '/api/postmortems/reasons', { token: viewer.token })).status).toBe(200);
    expect((await t.request('GET', '/api/backtest', { token: viewer.token })).status).toBe(200);
    expectError(await markLost(mine.id, { lostOn: '2026-04-02', reasons: ['price'] }, viewer.token), 403, 'forbidden');
    expectError(await t.request('DELETE', `/api/accounts/${mine.id}/lost`, { token: viewer.token }), 403, 'forbidden');
    const still = await ok(t.request('GET', `/api/accounts/${mine.id}/postmortem`, { token: owner.token }), 200);
    expect(still.loss.lostOn).toBe('2026-04-01');
  });

  it('without credentials → 401', async () => {
    expectError(await t.request('GET', '/api/backtest'), 401, 'unauthenticated');
    expectError(await t.request('GET', `/api/accounts/${mine.id}/postmortem`), 401, 'unauthenticated');
  });
});
