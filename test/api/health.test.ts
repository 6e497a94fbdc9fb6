import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError } from '../support/factories.js';
import { DEFAULT_MODEL } from '../../src/health/model.js';

/**
 * M4 through HTTP: the score of an account and the facts behind it, its history and why it
 * changed, alerts raised and resolved by the rules and acted on by people, the versioned model,
 * and the recompute job that follows every change of a fact.
 */
let now = new Date('2026-05-01T09:00:00Z');
const clock = { now: () => now };
const DAY = 86_400_000;
let t: TestApp;
let owner: TestMember;
let viewer: TestMember;
let accountId: string;
let projectId: string;

const at = (daysFromNow: number) => new Date(now.getTime() + daysFromNow * DAY).toISOString();

beforeAll(async () => {
  t = await createTestApp({ clock });
  owner = await t.newWorkspace('Health Agency');
  viewer = await t.newMember(owner.workspaceId, 'viewer');
  const account = await createAccount(t, owner.token, { name: 'Acme Retail', status: 'active', cadenceDays: 14 });
  accountId = account.id;
  await createContact(t, owner.token, accountId, { name: 'Cleo Champion', role: 'champion' });
  await createContact(t, owner.token, accountId, { name: 'Dan Decider', role: 'decision_maker' });
  const project = await t.request('POST', '/api/projects', { token: owner.token, body: { accountId, name: 'Always-on retainer', status: 'active' } });
  expect(project.status).toBe(201);
  projectId = project.body.id;
}, 60_000);
afterAll(async () => t.close());

async function health() {
  const res = await t.request('GET', `/api/accounts/${accountId}/health`, { token: viewer.token });
  expect(res.status).toBe(200);
  return res.body;
}

async function deliverable(title: string, dueInDays: number, deliveredInDays: number | null) {
  const res = await t.request('POST', '/api/deliverables', {
    token: owner.token,
    body: { projectId, title, dueAt: at(dueInDays), ...(deliveredInDays === null ? {} : { deliveredAt: at(deliveredInDays) }) },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('the score of an account', () => {
  it('a new account with no facts is not at risk; absent components drop out and the note says so', async () => {
    const body = await health();
    expect(body.band).not.toBe('at_risk');
    expect(body.missing).toEqual(expect.arrayContaining(['delivery', 'targets', 'survey', 'sentiment']));
    expect(body.note).not.toBe('');
    // Nothing to go on yet: the neutral score between watch and healthy, no component with points.
    expect(body.components.every((c: { present: boolean; contribution: number }) => !c.present && c.contribution === 0)).toBe(true);
    expect(body).toMatchObject({ score: 57.5, band: 'watch', modelVersion: 0 });
  });

  it('says a new account has no data yet, here and in the portfolio, so its neutral score is not read as a verdict', async () => {
    expect(await health()).toMatchObject({ hasData: false });
    const portfolio = await t.request('GET', '/api/health/portfolio', { token: viewer.token });
    expect(portfolio.status).toBe(200);
    expect(portfolio.body.items.find((i: { accountId: string }) => i.accountId === accountId)).toMatchObject({ score: 57.5, band: 'watch', hasData: false });
  });

  it('late deliverables bring the delivery component in, name the deliverables, and lower the score', async () => {
    const before = await health();
    await deliverable('March report', -20, -10);
    // Scored once with the March report alone: its first real score, the first point of its history.
    expect(await health()).toMatchObject({ hasData: true });
    const late = await deliverable('April report', -5, null);
    await deliverable('Campaign brief', -30, -31);
    const after = await health();
    const delivery = after.components.find((c: { key: string }) => c.key === 'delivery');
    expect(delivery.present).toBe(true);
    expect(delivery.value).toBeCloseTo(1 / 3, 5);
    expect(delivery.detail).toMatch(/1 of 3/);
    expect(delivery.facts.map((f: { id: string }) => f.id)).toContain(late);
    expect(delivery.facts.find((f: { id: string }) => f.id === late)).toMatchObject({ kind: 'deliverable', label: 'April report' });
    expect(after.score).toBeLessThan(before.score);
    expect(after.hasData).toBe(true);
    const portfolio = await t.request('GET', '/api/health/portfolio', { token: viewer.token });
    expect(portfolio.body.items.find((i: { accountId: string }) => i.accountId === accountId)).toMatchObject({ score: after.score, hasData: true });
    const points = after.components.reduce((sum: number, c: { contribution: number }) => sum + c.contribution, 0);
    expect(Math.round(points * 10) / 10).toBe(after.score);
  });

  it('the history has a snapshot per change and "why it changed" names the component and the facts', async () => {
    const history = await t.request('GET', `/api/accounts/${accountId}/health/history`, { token: viewer.token });
    expect(history.status).toBe(200);
    expect(history.body.items.length).toBeGreaterThanOrEqual(2);
    const change = await t.request('GET', `/api/accounts/${accountId}/health/changes`, { token: viewer.token });
    expect(change.status).toBe(200);
    expect(change.body.to.id).toBe(history.body.items.at(-1).id);
    const moved = change.body.components.find((c: { key: string }) => c.key === 'delivery');
    expect(moved).toBeDefined();
    expect(change.body.scoreDelta).toBeCloseTo(change.body.to.score - change.body.from.score, 1);
    // Between the first snapshot (the March report alone, late) and now, the April report entered
    // the delivery component (the neutral score before any fact is no snapshot: decision 0024).
    const first = history.body.items[0].id;
    const whole = await t.request('GET', `/api/accounts/${accountId}/health/changes?from=${first}`, { token: viewer.token });
    const delivery = whole.body.components.find((c: { key: string }) => c.key === 'delivery');
    expect(delivery.added.map((f: { label: string }) => f.label)).toContain('April report');
    expect(delivery.delta).toBeGreaterThan(0); // from 0 of 1 on time (0 points) to 1 of 3
  });

  it('asking for another account’s snapshot, or the later one as `from`, is a clear 4xx', async () => {
    const history = await t.request('GET', `/api/accounts/${accountId}/health/history`, { token: viewer.token });
    const [first, last] = [history.body.items[0].id, history.body.items.at(-1).id];
    expectError(await t.request('GET', `/api/accounts/${accountId}/health/changes?from=${last}&to=${first}`, { token: viewer.token }), 400, 'invalid_input');
    const other = await createAccount(t, owner.token, { name: 'Other Co' });
    expectError(await t.request('GET', `/api/accounts/${other.id}/health/changes?from=${first}`, { token: viewer.token }), 404, 'not_found');
  });
});

describe('alerts', () => {
  let alertId: string;

  it('two late deliverables raise delivery_slipping, with reasons linked to them', async () => {
    const res = await t.request('GET', `/api/alerts?accountId=${accountId}`, { token: viewer.token });
    expect(res.status).toBe(200);
    const slipping = res.body.items.find((a: { kind: string }) => a.kind === 'delivery_slipping');
    expect(slipping).toMatchObject({ state: 'open', accountName: 'Acme Retail' });
    const labels = slipping.reasons.flatMap((r: { facts: Array<{ label: string }> }) => r.facts.map((f) => f.label));
    expect(labels).toEqual(expect.arrayContaining(['April report', 'March report']));
    expect(res.body.counts.open).toBeGreaterThanOrEqual(1);
    alertId = slipping.id;
  });

  it('acknowledge records who; snooze needs a future time; resolve closes; a resolved alert cannot be acted on', async () => {
    expectError(await t.request('POST', `/api/alerts/${alertId}/acknowledge`, { token: viewer.token, body: {} }), 403, 'forbidden');
    const ack = await t.request('POST', `/api/alerts/${alertId}/acknowledge`, { token: owner.token, body: { note: 'Talking to the team' } });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ state: 'acknowledged', acknowledgedBy: { userId: owner.userId }, note: 'Talking to the team' });
    const past = expectError(await t.request('POST', `/api/alerts/${alertId}/snooze`, { token: owner.token, body: { until: at(-1) } }), 400, 'invalid_input');
    expect(past.details[0]?.path).toBe('until');
    expectError(await t.request('POST', `/api/alerts/${alertId}/snooze`, { token: owner.token, body: { until: 'next week' } }), 400, 'invalid_input');
    const snoozed = await t.request('POST', `/api/alerts/${alertId}/snooze`, { token: owner.token, body: { until: at(7) } });
    expect(snoozed.body).toMatchObject({ state: 'snoozed', snoozedUntil: at(7) });
    const resolved = await t.request('POST', `/api/alerts/${alertId}/resolve`, { token: owner.token });
    expect(resolved.body).toMatchObject({ state: 'resolved', resolution: 'manual', resolvedBy: { userId: owner.userId } });
    expectError(await t.request('POST', `/api/alerts/${alertId}/acknowledge`, { token: owner.token }), 409, 'conflict');
  });

  it('a manual resolve stands while the rule holds; once the rule stops holding it ends, and the next slip opens a new alert', async () => {
    const slipping = async (state = 'open,acknowledged,snoozed') =>
      (await t.request('GET', `/api/alerts?accountId=${accountId}&kind=delivery_slipping&state=${state}`, { token: viewer.token })).body.items as Array<{ id: string; clearedOn: string | null }>;
    // Any change recomputes: the slipping delivery still holds, and no new alert opens.
    await t.request('POST', '/api/touchpoints', { token: owner.token, body: { accountId, channel: 'call', direction: 'agency_initiated', occurredAt: at(0), subject: 'Weekly' } });
    expect(await slipping()).toEqual([]);
    expect((await slipping('resolved')).find((a) => a.id === alertId)).toMatchObject({ resolution: 'manual', clearedOn: null });
    // Deliver the late work on time after all (it was a data-entry mistake): the rule stops holding, the resolve has done its job.
    const { items } = (await t.request('GET', `/api/deliverables?accountId=${accountId}`, { token: viewer.token })).body;
    for (const d of items) {
      const res = await t.request('PATCH', `/api/deliverables/${d.id}`, { token: owner.token, body: { deliveredAt: d.dueAt } });
      expect(res.status).toBe(200);
    }
    expect(await slipping()).toEqual([]);
    expect((await slipping('resolved')).find((a) => a.id === alertId)?.clearedOn).toBe(at(0).slice(0, 10));
    // It slips again: a new alert; when it stops holding, that one resolves itself.
    for (const d of items) await t.request('PATCH', `/api/deliverables/${d.id}`, { token: owner.token, body: { deliveredAt: null } });
    const [again] = await slipping();
    expect(again?.id).toBeDefined();
    expect(again?.id).not.toBe(alertId);
    for (const d of items) await t.request('PATCH', `/api/deliverables/${d.id}`, { token: owner.token, body: { deliveredAt: d.dueAt } });
    expect(await slipping()).toEqual([]);
    expect((await slipping('resolved')).find((a) => a.id === again?.id)).toMatchObject({ resolution: 'auto', clearedOn: null });
  });

  it('filters are validated: an unknown kind or state names itself', async () => {
    const bad = expectError(await t.request('GET', '/api/alerts?kind=going_quiet,bogus', { token: viewer.token }), 400, 'invalid_input');
    expect(bad.details[0]?.message).toContain('bogus');
    expectError(await t.request('GET', '/api/alerts?state=closed', { token: viewer.token }), 400, 'invalid_input');
  });

  it("another workspace sees neither the account's health nor its alerts", async () => {
    const other = await t.newWorkspace('Elsewhere');
    expectError(await t.request('GET', `/api/accounts/${accountId}/health`, { token: other.token }), 404, 'not_found');
    expectError(await t.request('GET', `/api/alerts/${alertId}`, { token: other.token }), 404, 'not_found');
    expectError(await t.request('POST', `/api/alerts/${alertId}/resolve`, { token: other.token }), 404, 'not_found');
    expect((await t.request('GET', '/api/alerts?state=open,resolved', { token: other.token })).body.items).toEqual([]);
  });
});

describe('the model and the recompute', () => {
  it('an admin saves a new model version; invalid models are refused field by field', async () => {
    const zero = { ...structuredClone(DEFAULT_MODEL), weights: Object.fromEntries(Object.keys(DEFAULT_MODEL.weights).map((k) => [k, 0])) };
    const refused = expectError(await t.request('PUT', '/api/health/model', { token: owner.token, body: { model: zero } }), 400, 'invalid_input');
    expect(refused.details[0]?.path).toMatch(/^model\.weights/);
    const bands = { ...structuredClone(DEFAULT_MODEL), bands: { healthy: 40, watch: 60 } };
    expectError(await t.request('PUT', '/api/health/model', { token: owner.token, body: { model: bands } }), 400, 'invalid_input');
    expectError(await t.request('PUT', '/api/health/model', { token: viewer.token, body: { model: DEFAULT_MODEL } }), 403, 'forbidden');

    const tuned = { ...structuredClone(DEFAULT_MODEL), weights: { ...DEFAULT_MODEL.weights, delivery: 60 } };
    const saved = await t.request('PUT', '/api/health/model', { token: owner.token, body: { model: tuned, note: 'Delivery first' } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ version: 1, note: 'Delivery first', createdBy: owner.userId });
    const versions = await t.request('GET', '/api/health/models', { token: viewer.token });
    expect(versions.body.current).toBe(1);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 0]);
    expect((await t.request('GET', '/api/health/model', { token: viewer.token })).body.model.weights.delivery).toBe(60);
  });

  it('the queued recompute scores every open account with the new version', async () => {
    const ran = await t.rapport.jobs.drain();
    expect(ran).toBeGreaterThanOrEqual(1);
    const { rows } = await sql<{ model_version: number; n: number }>`
      select model_version, count(*)::int as n from health_current where workspace_id = ${owner.workspaceId} group by model_version`.execute(t.rapport.deps.db);
    expect(rows).toEqual([{ model_version: 1, n: 2 }]);
    expect((await health()).modelVersion).toBe(1);
  });

  it('a change of a fact marks the account and queues one job for the workspace; the job clears the mark', async () => {
    const db = t.rapport.deps.db;
    for (const subject of ['One', 'Two', 'Three']) {
      await t.request('POST', '/api/touchpoints', { token: owner.token, body: { accountId, channel: 'email', direction: 'client_initiated', occurredAt: at(0), subject } });
    }
    const queued = await sql<{ n: number }>`select count(*)::int as n from jobs where queue = 'health.recompute' and status = 'queued' and workspace_id = ${owner.workspaceId}`.execute(db);
    expect(queued.rows[0]?.n).toBe(1);
    const dirty = await sql<{ n: number }>`select count(*)::int as n from health_dirty where workspace_id = ${owner.workspaceId}`.execute(db);
    expect(dirty.rows[0]?.n).toBe(1);
    await t.rapport.jobs.drain();
    const after = await sql<{ n: number }>`select count(*)::int as n from health_dirty where workspace_id = ${owner.workspaceId}`.execute(db);
    expect(after.rows[0]?.n).toBe(0);
  });

  it('a new day brings a daily snapshot, and the portfolio shows score, trend and open alerts', async () => {
    now = new Date(now.getTime() + 2 * DAY);
    const portfolio = await t.request('GET', '/api/health/portfolio', { token: viewer.token });
    expect(portfolio.status).toBe(200);
    const row = portfolio.body.items.find((i: { accountId: string }) => i.accountId === accountId);
    expect(row.trend.length).toBeGreaterThanOrEqual(2);
    expect(row.trend.at(-1)).toBe(row.score);
    expect(typeof row.openAlerts).toBe('number');
    const history = await t.request('GET', `/api/accounts/${accountId}/health/history`, { token: viewer.token });
    expect(history.body.items.at(-1)).toMatchObject({ asOf: now.toISOString().slice(0, 10), cause: 'daily' });
  });

  it('an admin may queue a full recompute (202)', async () => {
    expectError(await t.request('POST', '/api/health/recompute', { token: viewer.token }), 403, 'forbidden');
    const res = await t.request('POST', '/api/health/recompute', { token: owner.token });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ queued: true, accounts: 2 });
  });
});

describe('a lost account', () => {
  it('keeps its score but raises no alerts: its open ones resolve when it is marked lost', async () => {
    const lost = await createAccount(t, owner.token, { name: 'Gone Co', status: 'active' });
    const project = (await t.request('POST', '/api/projects', { token: owner.token, body: { accountId: lost.id, name: 'Launch' } })).body.id;
    for (const title of ['Late one', 'Late two']) {
      expect((await t.request('POST', '/api/deliverables', { token: owner.token, body: { projectId: project, title, dueAt: at(-10) } })).status).toBe(201);
    }
    const open = await t.request('GET', `/api/alerts?accountId=${lost.id}`, { token: viewer.token });
    expect(open.body.items.map((a: { kind: string }) => a.kind)).toContain('delivery_slipping');
    const marked = await t.request('POST', `/api/accounts/${lost.id}/lost`, { token: owner.token, body: { lostOn: now.toISOString().slice(0, 10), reasons: ['quality'] } });
    expect(marked.status).toBe(201);
    expect((await t.request('GET', `/api/alerts?accountId=${lost.id}`, { token: viewer.token })).body.items).toEqual([]);
    const resolved = await t.request('GET', `/api/alerts?accountId=${lost.id}&state=resolved`, { token: viewer.token });
    expect(resolved.body.items.map((a: { resolution: string }) => a.resolution)).toEqual(open.body.items.map(() => 'auto'));
    expect((await t.request('GET', `/api/accounts/${lost.id}/health`, { token: viewer.token })).status).toBe(200);
  });
});

describe('a new account before its first facts', () => {
  it('has no history while it has no data, and its first real score is not a drop from the neutral one', async () => {
    const fresh = await createAccount(t, owner.token, { name: 'Fresh Start Co', status: 'active' });
    expect((await t.request('GET', `/api/accounts/${fresh.id}/health`, { token: viewer.token })).body).toMatchObject({ score: 57.5, hasData: false });
    // A few days pass with nothing recorded, each day scored by the day's recompute (a read queues it, as the nightly run does).
    for (let i = 0; i < 3; i++) {
      now = new Date(now.getTime() + DAY);
      expect((await t.request('GET', '/api/health/portfolio', { token: viewer.token })).body.freshness).toMatchObject({ updating: true });
      await t.rapport.jobs.drain();
      expect((await t.request('GET', '/api/health/portfolio', { token: viewer.token })).body.freshness).toMatchObject({ asOf: now.toISOString().slice(0, 10), updating: false });
    }
    const quiet = await t.request('GET', `/api/accounts/${fresh.id}/health/history`, { token: viewer.token });
    expect(quiet.body.items).toEqual([]);

    // Then its first facts: two deliverables already overdue. Delivery is slipping — but the score
    // did not fall from anything: 57.5 was never its score.
    const project = (await t.request('POST', '/api/projects', { token: owner.token, body: { accountId: fresh.id, name: 'Onboarding' } })).body.id;
    for (const title of ['Audit', 'Plan']) {
      expect((await t.request('POST', '/api/deliverables', { token: owner.token, body: { projectId: project, title, dueAt: at(-5) } })).status).toBe(201);
    }
    const scored = await t.request('GET', `/api/accounts/${fresh.id}/health`, { token: viewer.token });
    expect(scored.body).toMatchObject({ hasData: true, band: 'at_risk' });
    const alerts = await t.request('GET', `/api/alerts?accountId=${fresh.id}`, { token: viewer.token });
    const kinds = alerts.body.items.map((a: { kind: string }) => a.kind);
    expect(kinds).toContain('delivery_slipping');
    expect(kinds).not.toContain('score_drop');
    const history = await t.request('GET', `/api/accounts/${fresh.id}/health/history`, { token: viewer.token });
    expect(history.body.items.map((s: { score: number }) => s.score)).toEqual([scored.body.score]);
    const row = (await t.request('GET', '/api/health/portfolio', { token: viewer.token })).body.items.find((i: { accountId: string }) => i.accountId === fresh.id);
    expect(row, JSON.stringify(row)).toMatchObject({ hasData: true, delta30: 0, trend: [scored.body.score] });
  });
});
