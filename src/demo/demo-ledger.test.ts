import { describe, expect, it } from 'vitest';
import { deliverableLateness, targetMet, type DeliverableStatus } from '../delivery/delivery.js';
import { scoreSentiment } from '../health/sentiment.js';
import { DEMO_ACCOUNTS } from './demo-data.js';
import { daysBefore, monthsBefore } from './demo-inputs.js';
import { demoLedger, LEDGER_DAYS, type DemoLedger, type DemoLedgerAccount } from './demo-ledger.js';
import { DELIVERY_PROFILES, DEMO_LOSSES, DEMO_STORIES } from './demo-stories.js';
import { demoTouchpoints, TOUCH_HISTORY_DAYS, type DemoTouchAccount } from './demo-touchpoints.js';

const DAY_MS = 86_400_000;
const lossOf = new Map(DEMO_LOSSES.map((l) => [l.key, l]));

function ledgerAccounts(now: Date): DemoLedgerAccount[] {
  return DEMO_ACCOUNTS.map((a) => ({
    key: a.key,
    id: a.key,
    name: a.name,
    category: a.category,
    notes: a.notes,
    startedOn: a.startedMonthsAgo === null ? null : monthsBefore(now, a.startedMonthsAgo),
    lostOn: lossOf.has(a.key) ? daysBefore(now, lossOf.get(a.key)!.lostDaysAgo) : null,
    value: a.value,
    ownerIds: ['lead', 'service'],
  }));
}

function ledgerAt(now: Date): DemoLedger {
  let n = 0;
  return demoLedger(ledgerAccounts(now), now, () => `id-${n++}`);
}

/** Days before `now` a time is. */
const ago = (now: Date, at: Date) => (now.getTime() - at.getTime()) / DAY_MS;

// Different times of the year and of the day: quarters and months fall differently against the windows.
const NOWS = ['2025-03-31T10:00:00Z', '2025-07-01T00:30:00Z', '2025-11-15T23:45:00Z', '2026-01-02T17:30:00Z'].map((t) => new Date(t));

describe.each(NOWS)('demoLedger at %s', (now) => {
  const ledger = ledgerAt(now);
  const accountOf = (key: string) => ledger.deliverables.filter((d) => d.record.accountId === key);

  it('is the same every time for the same day', () => {
    expect(ledgerAt(now)).toEqual(ledger);
  });

  it('gives every signed account a retainer, campaigns, deliverables and targets, and prospects nothing', () => {
    for (const account of DEMO_ACCOUNTS) {
      const has = (rows: Array<{ record: { accountId: string } }>) => rows.some((r) => r.record.accountId === account.key);
      const isSigned = account.startedMonthsAgo !== null;
      expect(has(ledger.projects), account.key).toBe(isSigned);
      expect(has(ledger.deliverables), account.key).toBe(isSigned);
      expect(has(ledger.targets), account.key).toBe(isSigned);
    }
  });

  it('keeps status and times in agreement, and nothing happens after now, before the history or after a loss', () => {
    const lostAt = new Map(DEMO_LOSSES.map((l) => [l.key, now.getTime() - l.lostDaysAgo * DAY_MS]));
    for (const { record: d } of ledger.deliverables) {
      expect(ago(now, d.dueAt)).toBeLessThanOrEqual(LEDGER_DAYS);
      expect(d.deliveredAt === null).toBe(!['delivered', 'approved'].includes(d.status));
      expect(d.approvedAt === null).toBe(d.status !== 'approved');
      if (d.deliveredAt) expect(d.deliveredAt.getTime()).toBeLessThanOrEqual(now.getTime());
      if (d.approvedAt) expect(d.approvedAt.getTime()).toBeGreaterThanOrEqual(d.deliveredAt!.getTime());
      if (d.approvedAt) expect(d.approvedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      const lost = lostAt.get(d.accountId);
      if (lost !== undefined) expect(d.dueAt.getTime()).toBeLessThan(lost + DAY_MS);
    }
    for (const { record: t } of ledger.targets) {
      expect(t.periodEnd >= t.periodStart).toBe(true);
      expect(t.actual === null).toBe(t.periodEnd >= now.toISOString().slice(0, 10));
    }
    for (const { record: i } of ledger.incidents) expect(i.occurredAt.getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it('keeps the steady accounts on time and on target where the score looks', () => {
    const steady = DEMO_ACCOUNTS.filter((a) => a.startedMonthsAgo !== null && !DELIVERY_PROFILES[a.key] && !lossOf.has(a.key));
    expect(steady.length).toBeGreaterThanOrEqual(30);
    for (const account of steady) {
      for (const { record: d } of accountOf(account.key)) {
        const { state } = deliverableLateness({ ...d, status: d.status as DeliverableStatus }, now);
        if (ago(now, d.dueAt) <= 150) expect(['delivered_on_time', 'upcoming', 'due_today'], `${account.key}: ${d.title}`).toContain(state);
      }
      const targets = ledger.targets.filter((t) => t.record.accountId === account.key && t.record.actual !== null).map((t) => t.record);
      // Each metric's last two periods, as the score reads them, are met.
      for (const metric of new Set(targets.map((t) => t.metric))) {
        const lastTwo = targets.filter((t) => t.metric === metric).sort((a, b) => (a.periodEnd < b.periodEnd ? 1 : -1)).slice(0, 2);
        for (const t of lastTwo) expect(targetMet(t), `${account.key}: ${metric} ${t.periodEnd}`).toBe(true);
      }
    }
  });

  it('makes the slipping account later and later over the last quarter, with a missed target and a report error', () => {
    const key = DEMO_STORIES.slipping;
    const recent = accountOf(key)
      .map((d) => d.record)
      .filter((d) => ago(now, d.dueAt) <= 90 && d.dueAt.getTime() < now.getTime())
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    const daysLate = recent.map((d) => deliverableLateness({ ...d, status: d.status as DeliverableStatus }, now).daysLate ?? 0);
    const late = daysLate.filter((days) => days > 0);
    expect(late.length).toBeGreaterThanOrEqual(recent.length * 0.6);
    // The first slips by a day or two; the worst by a week or more (the newest may still be overdue).
    expect(Math.max(...late) - late[0]!).toBeGreaterThanOrEqual(3);
    const missed = ledger.targets.filter((t) => t.record.accountId === key && targetMet(t.record) === false);
    expect(missed.length).toBeGreaterThanOrEqual(1);
    expect(ledger.incidents.filter((i) => i.record.accountId === key).map((i) => i.record.kind)).toContain('report_error');
  });

  it('makes the lost account slip in the months before its loss', () => {
    const key = DEMO_STORIES.lost;
    const lostAt = now.getTime() - lossOf.get(key)!.lostDaysAgo * DAY_MS;
    const before = accountOf(key)
      .map((d) => d.record)
      .filter((d) => d.dueAt.getTime() < lostAt && lostAt - d.dueAt.getTime() <= 100 * DAY_MS);
    const late = before.filter((d) => d.deliveredAt === null || d.deliveredAt > d.dueAt);
    expect(late.filter((d) => d.title.startsWith('Monthly performance report')).length).toBeGreaterThanOrEqual(2);
    expect(ledger.incidents.filter((i) => i.record.accountId === key).map((i) => i.record.kind)).toEqual(expect.arrayContaining(['report_error', 'missed_meeting']));
  });
});

describe('demoTouchpoints', () => {
  const now = new Date('2025-11-15T09:00:00Z');
  const accounts: DemoTouchAccount[] = DEMO_ACCOUNTS.map((a) => ({
    key: a.key,
    id: a.key,
    status: a.status,
    cadenceDays: a.cadenceDays,
    startedDaysAgo: a.startedMonthsAgo === null ? null : Math.floor((now.getTime() - Date.parse(`${monthsBefore(now, a.startedMonthsAgo)}T00:00:00Z`)) / DAY_MS),
    ownerIds: ['lead'],
    contacts: a.contacts.map((c, i) => ({
      id: `${a.key}-${i}`,
      isPrimary: c.isPrimary ?? false,
      role: c.role,
      leftDaysAgo: c.leftDaysAgo ?? null,
      joinedDaysAgo: c.joinedDaysAgo ?? null,
    })),
  }));
  let n = 0;
  const touches = demoTouchpoints(accounts, now, () => `t-${n++}`);
  const of = (key: string, days: number) => touches.filter((t) => t.accountId === key && ago(now, t.occurredAt) <= days);

  it('puts every touch on the same day whatever the hour the demo is made (but none ahead of it)', () => {
    const at = (time: string) => {
      let k = 0;
      return demoTouchpoints(accounts, new Date(`2025-11-15T${time}Z`), () => `t-${k++}`);
    };
    const early = at('00:10:00');
    const late = at('23:50:00');
    const key = (t: { accountId: string; occurredAt: Date }) => `${t.accountId} ${t.occurredAt.toISOString()}`;
    const earlyKeys = new Set(early.map(key));
    // The late seed may also have today's touches that were still ahead of the early one.
    expect(late.filter((t) => !earlyKeys.has(key(t))).every((t) => t.occurredAt.toISOString() > '2025-11-15T00:10:00Z')).toBe(true);
    expect(early.map(key).filter((k) => !late.some((t) => key(t) === k))).toEqual([]);
    expect(early.length).toBeGreaterThan(500);
  });

  it('goes back far enough for the first day of a year of health history, and never past the start', () => {
    const oldest = Math.max(...touches.map((t) => ago(now, t.occurredAt)));
    expect(oldest).toBeGreaterThan(365 + 90);
    expect(oldest).toBeLessThanOrEqual(TOUCH_HISTORY_DAYS + 1);
    for (const account of accounts) {
      for (const t of of(account.key, Infinity)) expect(ago(now, t.occurredAt), account.key).toBeLessThanOrEqual((account.startedDaysAgo ?? 60) + 1);
    }
  });

  it('writes the cosy account frequent, warm, mostly client-started touches over the last month', () => {
    const recent = of(DEMO_STORIES.cosy, 30);
    const client = recent.filter((t) => t.direction === 'client_initiated');
    expect(recent.length).toBeGreaterThanOrEqual(6);
    expect(client.length / recent.length).toBeGreaterThanOrEqual(0.5);
    const scores = client.map((t) => scoreSentiment(t.subject, t.summary)).filter((s): s is number => s !== null);
    expect(scores.length).toBeGreaterThanOrEqual(3);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeGreaterThanOrEqual(0.2);
  });

  it('has the slipping account’s client sound concerned lately', () => {
    const client = of(DEMO_STORIES.slipping, 75).filter((t) => t.direction === 'client_initiated');
    const scores = client.map((t) => scoreSentiment(t.subject, t.summary)).filter((s): s is number => s !== null);
    expect(scores.length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...scores)).toBeLessThan(0);
  });

  it('lets the lost account drift: only a junior contact, no client-started touch, a month of silence', () => {
    const key = DEMO_STORIES.lost;
    const account = accounts.find((a) => a.key === key)!;
    const late = touches.filter((t) => t.accountId === key && ago(now, t.occurredAt) <= 130);
    const users = new Set(account.contacts.filter((c) => c.role === 'user').map((c) => c.id));
    expect(late.length).toBeGreaterThanOrEqual(3);
    for (const t of late) {
      expect(t.direction).toBe('agency_initiated');
      for (const id of t.contactIds) expect(users.has(id)).toBe(true);
    }
    const days = late.map((t) => ago(now, t.occurredAt)).sort((a, b) => a - b);
    const longestGap = Math.max(...days.slice(1).map((d, i) => d - days[i]!));
    expect(longestGap).toBeGreaterThan(account.cadenceDays * 2);
  });
});
