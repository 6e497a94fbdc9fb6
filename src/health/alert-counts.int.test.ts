import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../platform/clock.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount, createContact } from '../../test/support/factories.js';

/**
 * Which alerts count, through HTTP: the portfolio's alert column, the accounts list's "alerts"
 * sort and the alerts list (whose counts the badges read) count the same alerts — open or
 * acknowledged, not snoozed — and an alert whose snooze has ended counts again at once, shown as
 * open, before any recompute reopens it in the table (alert-counts.ts, decision 0025).
 *
 * Two accounts never touched on a weekly cadence, without contacts (each going quiet, critical,
 * and single-threaded with nobody known, info); one with a single contact and a few touches
 * (single-threaded, warning); one without cadence or contacts (single-threaded, info).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = fixedClock('2026-06-15T10:00:00Z');
let t: TestApp;
let member: TestMember;
const ids: Record<'quiet' | 'calm' | 'thread' | 'nobody', string> = { quiet: '', calm: '', thread: '', nobody: '' };

beforeAll(async () => {
  t = await createTestApp({ clock });
  member = await t.newWorkspace('Counting Agency');
  const startedOn = new Date(clock.now().getTime() - 60 * DAY).toISOString().slice(0, 10);
  ids.quiet = (await createAccount(t, member.token, { name: 'Quiet Harbour', cadenceDays: 7, startedOn })).id;
  ids.calm = (await createAccount(t, member.token, { name: 'Calm Cove', cadenceDays: 7, startedOn })).id;
  ids.thread = (await createAccount(t, member.token, { name: 'One Thread' })).id;
  ids.nobody = (await createAccount(t, member.token, { name: 'Nobody Known' })).id;
  await createContact(t, member.token, ids.thread, { name: 'Jane Doe', role: 'champion' });
  for (let i = 0; i < 3; i++) {
    const res = await t.request('POST', '/api/touchpoints', {
      token: member.token,
      body: { accountId: ids.thread, channel: 'call', direction: 'agency_initiated', occurredAt: new Date(clock.now().getTime() - (i + 2) * DAY).toISOString(), subject: `Call ${i}` },
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => t.close());

type Counted = { openAlerts: number; criticalAlerts: number; alertSeverity: string | null };

async function portfolio(): Promise<Map<string, Counted>> {
  const res = await t.request('GET', '/api/health/portfolio', { token: member.token });
  expect(res.status).toBe(200);
  return new Map(res.body.items.map((i: Counted & { accountId: string }) => [i.accountId, { openAlerts: i.openAlerts, criticalAlerts: i.criticalAlerts, alertSeverity: i.alertSeverity }]));
}

async function alertsOf(accountId: string, state?: string) {
  const res = await t.request('GET', `/api/alerts?accountId=${accountId}${state ? `&state=${state}` : ''}`, { token: member.token });
  expect(res.status).toBe(200);
  return res.body as { items: Array<{ id: string; kind: string; state: string; severity: string; snoozedUntil: string | null }>; counts: Record<string, number>; severities: Record<string, Record<string, number>> };
}

/** What the alerts list says of an account's counted alerts: what the badges show. */
async function listed(accountId: string): Promise<Counted> {
  const page = await alertsOf(accountId, 'open,acknowledged');
  const working = page.items;
  const top = (['critical', 'warning', 'info'] as const).find((s) => working.some((a) => a.severity === s)) ?? null;
  // The per-severity counts say the same as the items.
  const bySeverity = (s: string) => (page.severities.open?.[s] ?? 0) + (page.severities.acknowledged?.[s] ?? 0);
  expect(bySeverity('critical') + bySeverity('warning') + bySeverity('info')).toBe(working.length);
  expect(bySeverity('critical')).toBe(working.filter((a) => a.severity === 'critical').length);
  return { openAlerts: working.length, criticalAlerts: working.filter((a) => a.severity === 'critical').length, alertSeverity: top };
}

/** The accounts in the order of the "alerts" sort (most first), every page of one account each. */
async function sortedByAlerts(): Promise<string[]> {
  const order: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.request(
      'GET',
      `/api/accounts?sort=-alerts&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: member.token },
    );
    expect(res.status).toBe(200);
    order.push(...res.body.items.map((i) => i.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return order;
}

/** The portfolio, the alerts list and the sort agree, account by account. */
async function expectAgreement(): Promise<Map<string, Counted>> {
  const counted = await portfolio();
  for (const id of Object.values(ids)) expect(counted.get(id), id).toEqual(await listed(id));
  const order = await sortedByAlerts();
  expect(order).toHaveLength(4);
  const counts = order.map((id) => counted.get(id)!.openAlerts);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  return counted;
}

describe('which alerts count', () => {
  let snoozedId = '';

  it('every alert of the example, before anyone acts: the count takes the highest severity', async () => {
    const counted = await expectAgreement();
    expect(counted.get(ids.quiet)).toEqual({ openAlerts: 2, criticalAlerts: 1, alertSeverity: 'critical' });
    expect(counted.get(ids.thread)).toEqual({ openAlerts: 1, criticalAlerts: 0, alertSeverity: 'warning' });
    expect(counted.get(ids.nobody)).toEqual({ openAlerts: 1, criticalAlerts: 0, alertSeverity: 'info' });
  });

  it('a snoozed alert does not count, in the portfolio, the sort and the list alike', async () => {
    const quiet = (await alertsOf(ids.quiet)).items.find((a) => a.kind === 'going_quiet')!;
    snoozedId = quiet.id;
    const res = await t.request('POST', `/api/alerts/${quiet.id}/snooze`, { token: member.token, body: { until: new Date(clock.now().getTime() + HOUR).toISOString() } });
    expect(res.status).toBe(200);
    const counted = await expectAgreement();
    expect(counted.get(ids.quiet)).toEqual({ openAlerts: 1, criticalAlerts: 0, alertSeverity: 'info' });
    // The most first: Calm Cove (2) leads, Quiet Harbour (1) no longer ties with it.
    expect((await sortedByAlerts())[0]).toBe(ids.calm);
    const page = await alertsOf(ids.quiet);
    expect(page.counts).toMatchObject({ open: 1, snoozed: 1 });
  });

  it('acknowledged alerts count', async () => {
    const thread = (await alertsOf(ids.thread)).items[0]!;
    expect((await t.request('POST', `/api/alerts/${thread.id}/acknowledge`, { token: member.token })).status).toBe(200);
    const counted = await expectAgreement();
    expect(counted.get(ids.thread)).toEqual({ openAlerts: 1, criticalAlerts: 0, alertSeverity: 'warning' });
  });

  it('when the snooze ends the alert is open again at once, before a recompute reopens it', async () => {
    clock.advance(2 * HOUR);
    const counted = await expectAgreement();
    expect(counted.get(ids.quiet)).toEqual({ openAlerts: 2, criticalAlerts: 1, alertSeverity: 'critical' });
    const page = await alertsOf(ids.quiet);
    expect(page.items.find((a) => a.id === snoozedId)).toMatchObject({ state: 'open', snoozedUntil: null });
    expect(page.counts.snoozed ?? 0).toBe(0);
    expect((await alertsOf(ids.quiet, 'snoozed')).items).toEqual([]);
    const one = await t.request('GET', `/api/alerts/${snoozedId}`, { token: member.token });
    expect(one.body).toMatchObject({ state: 'open', snoozedUntil: null });
    // The table still says snoozed: only the reads moved on.
    const row = await t.rapport.deps.db.selectFrom('alerts').select('state').where('id', '=', snoozedId).executeTakeFirstOrThrow();
    expect(row.state).toBe('snoozed');
  });
});

describe('the alerts list by severity', () => {
  type Listed = { id: string; severity: string; raisedAt: string };
  async function everyPage(query: string, limit: number): Promise<Listed[]> {
    const items: Listed[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: Listed[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/api/alerts?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: member.token },
      );
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('pages critical first, then warning, then info, newest first within each: a page never stops short of a critical alert', async () => {
    const rank: Record<string, number> = { critical: 0, warning: 1, info: 2 };
    const states = 'state=open,acknowledged,snoozed,resolved';
    const newest = await everyPage(states, 500);
    expect(new Set(newest.map((a) => a.severity))).toEqual(new Set(['critical', 'warning', 'info']));
    // Array.prototype.sort is stable: newest first within a severity, as the newest order gives them.
    const expected = [...newest].sort((a, b) => rank[a.severity]! - rank[b.severity]!).map((a) => a.id);
    for (const limit of [1, 2, 3, 500]) {
      expect((await everyPage(`${states}&sort=severity`, limit)).map((a) => a.id), `limit ${limit}`).toEqual(expected);
    }
    // The first page of one holds a critical alert, though the newest alert may be of any severity.
    expect((await everyPage(`${states}&sort=severity`, 1))[0]!.severity).toBe('critical');
  });

  it('refuses a cursor of the other order, and an unknown sort', async () => {
    const newestPage = await t.request('GET', '/api/alerts?limit=1', { token: member.token });
    const bySeverityPage = await t.request('GET', '/api/alerts?limit=1&sort=severity', { token: member.token });
    for (const [sort, cursor] of [
      ['severity', newestPage.body.nextCursor],
      ['newest', bySeverityPage.body.nextCursor],
    ] as const) {
      const res = await t.request('GET', `/api/alerts?limit=1&sort=${sort}&cursor=${encodeURIComponent(cursor as string)}`, { token: member.token });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', details: [{ path: 'query.cursor' }] });
    }
    const bad = await t.request('GET', '/api/alerts?sort=loudest', { token: member.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', details: [{ path: 'query.sort' }] });
  });
});
