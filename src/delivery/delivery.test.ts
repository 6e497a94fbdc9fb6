import { describe, expect, it } from 'vitest';
import {
  checkDateOrder,
  dayStartIso,
  deliverableLateness,
  PERIOD_FIELDS,
  settleProgress,
  SPAN_FIELDS,
  startOfNextDayUtc,
  targetMet,
  timeOf,
  type DeliverableStatus,
  type Lateness,
  type Progress,
} from './delivery.js';

const t = (iso: string) => new Date(iso);
const NOW = t('2026-03-10T12:00:00Z');

describe('deliverableLateness (as of 2026-03-10 12:00 UTC)', () => {
  it.each<[string, DeliverableStatus, string, string | null, Lateness]>([
    // Not delivered yet.
    ['due next week', 'planned', '2026-03-17T12:00:00Z', null, { state: 'upcoming', daysLate: null }],
    ['due tomorrow at midnight (the first instant of tomorrow)', 'in_progress', '2026-03-11T00:00:00Z', null, { state: 'upcoming', daysLate: null }],
    ['due at the last millisecond of today', 'in_progress', '2026-03-10T23:59:59.999Z', null, { state: 'due_today', daysLate: null }],
    ['due later today', 'planned', '2026-03-10T17:00:00Z', null, { state: 'due_today', daysLate: null }],
    ['due this very instant (not yet past)', 'planned', '2026-03-10T12:00:00Z', null, { state: 'due_today', daysLate: null }],
    ['due a millisecond ago', 'planned', '2026-03-10T11:59:59.999Z', null, { state: 'overdue', daysLate: 1 }],
    ['due this morning', 'in_progress', '2026-03-10T09:00:00Z', null, { state: 'overdue', daysLate: 1 }],
    ['due exactly 24 hours ago', 'planned', '2026-03-09T12:00:00Z', null, { state: 'overdue', daysLate: 1 }],
    ['due 24 hours and a minute ago', 'planned', '2026-03-09T11:59:00Z', null, { state: 'overdue', daysLate: 2 }],
    ['due ten days ago', 'planned', '2026-02-28T12:00:00Z', null, { state: 'overdue', daysLate: 10 }],
    ['due a year ago', 'in_progress', '2025-03-10T12:00:00Z', null, { state: 'overdue', daysLate: 365 }],
    // Delivered.
    ['delivered before due', 'delivered', '2026-03-05T17:00:00Z', '2026-03-04T10:00:00Z', { state: 'delivered_on_time', daysLate: 0 }],
    ['delivered exactly at due', 'approved', '2026-03-05T17:00:00Z', '2026-03-05T17:00:00Z', { state: 'delivered_on_time', daysLate: 0 }],
    ['delivered a millisecond late', 'delivered', '2026-03-05T17:00:00Z', '2026-03-05T17:00:00.001Z', { state: 'delivered_late', daysLate: 1 }],
    ['delivered five minutes late', 'delivered', '2026-03-05T17:00:00Z', '2026-03-05T17:05:00Z', { state: 'delivered_late', daysLate: 1 }],
    ['delivered 3 days and an hour late', 'approved', '2026-03-01T09:00:00Z', '2026-03-04T10:00:00Z', { state: 'delivered_late', daysLate: 4 }],
    ['delivered early, due in the future', 'delivered', '2026-04-01T00:00:00Z', '2026-03-09T00:00:00Z', { state: 'delivered_on_time', daysLate: 0 }],
    ['delivered late after the due day, though now is later still', 'delivered', '2026-03-01T00:00:00Z', '2026-03-03T00:00:00Z', { state: 'delivered_late', daysLate: 2 }],
    // Cancelled: neither late nor on time, whenever it was due.
    ['cancelled, long overdue', 'cancelled', '2026-01-01T00:00:00Z', null, { state: 'cancelled', daysLate: null }],
    ['cancelled, due later', 'cancelled', '2026-12-01T00:00:00Z', null, { state: 'cancelled', daysLate: null }],
  ])('%s', (_label, status, dueAt, deliveredAt, expected) => {
    expect(deliverableLateness({ status, dueAt: t(dueAt), deliveredAt: deliveredAt ? t(deliveredAt) : null }, NOW)).toEqual(expected);
  });

  it('days are UTC days: just before midnight UTC, something due at 00:30 the next day is upcoming', () => {
    const now = t('2026-03-10T23:50:00Z');
    expect(deliverableLateness({ status: 'planned', dueAt: t('2026-03-11T00:30:00Z'), deliveredAt: null }, now).state).toBe('upcoming');
    expect(deliverableLateness({ status: 'planned', dueAt: t('2026-03-10T23:55:00Z'), deliveredAt: null }, now).state).toBe('due_today');
  });

  it.each([
    ['2026-03-10T12:00:00Z', '2026-03-11T00:00:00.000Z'],
    ['2026-03-10T00:00:00Z', '2026-03-11T00:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', '2027-01-01T00:00:00.000Z'],
    ['2024-02-28T08:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('the day after %s starts at %s', (at, next) => {
    expect(startOfNextDayUtc(t(at)).toISOString()).toBe(next);
  });
});

describe('targetMet', () => {
  it.each<[string, number, number | null, boolean, boolean | null]>([
    ['no actual yet', 100, null, true, null],
    ['no actual yet (lower is better)', 100, null, false, null],
    ['above the goal', 100, 120, true, true],
    ['exactly the goal', 100, 100, true, true],
    ['just below the goal', 100, 99.99, true, false],
    ['zero actual', 100, 0, true, false],
    ['cost under budget (lower is better)', 50, 42.5, false, true],
    ['cost exactly on budget', 50, 50, false, true],
    ['cost over budget', 50, 50.01, false, false],
    ['negative goal, higher is better', -10, -5, true, true],
    ['negative goal, lower is better', -10, -5, false, false],
    ['zero goal, zero actual', 0, 0, true, true],
  ])('%s', (_label, goal, actual, higherIsBetter, expected) => {
    expect(targetMet({ goal, actual, higherIsBetter })).toBe(expected);
  });
});

describe('checkDateOrder', () => {
  it.each<[string | null, string | null, 'start' | 'end', Array<{ path: string; message: string }>]>([
    ['2026-01-01', '2026-03-31', 'end', []],
    ['2026-01-01', '2026-01-01', 'end', []],
    [null, '2026-01-01', 'end', []],
    ['2026-01-01', null, 'end', []],
    [null, null, 'start', []],
    ['2026-02-01', '2026-01-31', 'end', [{ path: 'endsOn', message: 'Cannot be before the start' }]],
    ['2026-02-01', '2026-01-31', 'start', [{ path: 'startsOn', message: 'Cannot be after the end' }]],
    ['2027-01-01', '2026-12-31', 'end', [{ path: 'endsOn', message: 'Cannot be before the start' }]],
  ])('%s … %s (blaming the %s)', (start, end, blame, expected) => {
    expect(checkDateOrder(start, end, SPAN_FIELDS, blame)).toEqual(expected);
  });

  it('names the fields it is given', () => {
    expect(checkDateOrder('2026-02-01', '2026-01-01', PERIOD_FIELDS)).toEqual([{ path: 'periodEnd', message: 'Cannot be before the start' }]);
  });
});

describe('settleProgress', () => {
  const D1 = t('2026-03-05T10:00:00Z');
  const D2 = t('2026-03-06T10:00:00Z');
  const FUTURE = t('2026-03-20T10:00:00Z');
  const stored = (status: DeliverableStatus, deliveredAt: Date | null = null, approvedAt: Date | null = null): Progress => ({ status, deliveredAt, approvedAt });
  const ok = (status: DeliverableStatus, deliveredAt: Date | null = null, approvedAt: Date | null = null) => ({ progress: { status, deliveredAt, approvedAt }, problems: [] });

  it.each<[string, Progress | undefined, Parameters<typeof settleProgress>[1], ReturnType<typeof ok>]>([
    // Creating.
    ['nothing sent: planned', undefined, {}, ok('planned')],
    ['a status alone', undefined, { status: 'in_progress' }, ok('in_progress')],
    ['a delivery time alone: delivered', undefined, { deliveredAt: D1 }, ok('delivered', D1)],
    ['both times: approved', undefined, { deliveredAt: D1, approvedAt: D2 }, ok('approved', D1, D2)],
    ['both times the same instant', undefined, { deliveredAt: D1, approvedAt: D1 }, ok('approved', D1, D1)],
    ['status delivered alone: delivered now', undefined, { status: 'delivered' }, ok('delivered', NOW)],
    ['status delivered with a time', undefined, { status: 'delivered', deliveredAt: D1 }, ok('delivered', D1)],
    ['status approved alone: delivered and approved now', undefined, { status: 'approved' }, ok('approved', NOW, NOW)],
    ['status approved with the delivery time: approved now', undefined, { status: 'approved', deliveredAt: D1 }, ok('approved', D1, NOW)],
    ['status approved with the approval time only: delivered then too', undefined, { status: 'approved', approvedAt: D1 }, ok('approved', D1, D1)],
    ['status approved, delivered in the future: approved at delivery', undefined, { status: 'approved', deliveredAt: FUTURE }, ok('approved', FUTURE, FUTURE)],
    ['nulls sent explicitly', undefined, { deliveredAt: null, approvedAt: null }, ok('planned')],
    ['cancelled', undefined, { status: 'cancelled' }, ok('cancelled')],
    // Changing.
    ['a new title (nothing about progress) keeps the stored progress', stored('approved', D1, D2), {}, ok('approved', D1, D2)],
    ['keeps in_progress', stored('in_progress'), {}, ok('in_progress')],
    ['delivering planned work by its time', stored('planned'), { deliveredAt: D1 }, ok('delivered', D1)],
    ['approving delivered work by its time', stored('delivered', D1), { approvedAt: D2 }, ok('approved', D1, D2)],
    ['approving delivered work by status: approved now', stored('delivered', D1), { status: 'approved' }, ok('approved', D1, NOW)],
    ['moving the delivery time of delivered work', stored('delivered', D1), { deliveredAt: D2 }, ok('delivered', D2)],
    ['clearing the delivery time reopens the work', stored('delivered', D1), { deliveredAt: null }, ok('in_progress')],
    ['clearing both times of approved work reopens it', stored('approved', D1, D2), { deliveredAt: null, approvedAt: null }, ok('in_progress')],
    ['clearing the approval keeps it delivered', stored('approved', D1, D2), { approvedAt: null }, ok('delivered', D1)],
    ['status delivered on approved work drops the approval', stored('approved', D1, D2), { status: 'delivered' }, ok('delivered', D1)],
    ['status in_progress on delivered work clears the times', stored('delivered', D1), { status: 'in_progress' }, ok('in_progress')],
    ['cancelling approved work clears both times', stored('approved', D1, D2), { status: 'cancelled' }, ok('cancelled')],
    ['reopening cancelled work', stored('cancelled'), { status: 'planned' }, ok('planned')],
    ['delivering cancelled work by its time', stored('cancelled'), { deliveredAt: D1 }, ok('delivered', D1)],
    ['status delivered keeps the stored delivery time', stored('delivered', D1), { status: 'delivered' }, ok('delivered', D1)],
  ])('%s', (_label, before, input, expected) => {
    expect(settleProgress(before, input, NOW)).toEqual(expected);
  });

  it.each<[string, Progress | undefined, Parameters<typeof settleProgress>[1], string[]]>([
    ['approved before delivered', undefined, { deliveredAt: D2, approvedAt: D1 }, ['approvedAt']],
    ['approved (status) before the stored delivery', stored('delivered', D2), { status: 'approved', approvedAt: D1 }, ['approvedAt']],
    ['an approval time alone, never delivered', undefined, { approvedAt: D1 }, ['deliveredAt']],
    ['clearing the delivery of approved work but not the approval', stored('approved', D1, D2), { deliveredAt: null }, ['deliveredAt']],
    ['an approval time with status delivered', undefined, { status: 'delivered', approvedAt: D2 }, ['approvedAt']],
    ['a delivery time with status planned', undefined, { status: 'planned', deliveredAt: D1 }, ['deliveredAt']],
    ['both times with status cancelled', undefined, { status: 'cancelled', deliveredAt: D1, approvedAt: D2 }, ['deliveredAt', 'approvedAt']],
    ['a delivery time with status in_progress on delivered work', stored('delivered', D1), { status: 'in_progress', deliveredAt: D2 }, ['deliveredAt']],
    ['an approval moved before the delivery', stored('approved', D1, D2), { approvedAt: t('2026-03-01T00:00:00Z') }, ['approvedAt']],
  ])('refused: %s', (_label, before, input, paths) => {
    const { problems } = settleProgress(before, input, NOW);
    expect(problems.map((p) => p.path)).toEqual(paths);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('whatever it settles obeys the rules the table checks (delivered ⇔ a delivery time, approved ⇔ an approval not before it)', () => {
    const statuses: Array<DeliverableStatus | undefined> = [undefined, 'planned', 'in_progress', 'delivered', 'approved', 'cancelled'];
    const times: Array<Date | null | undefined> = [undefined, null, D1, D2, FUTURE];
    const befores: Array<Progress | undefined> = [undefined, stored('planned'), stored('delivered', D1), stored('approved', D1, D2), stored('cancelled')];
    let settled = 0;
    for (const before of befores)
      for (const status of statuses)
        for (const deliveredAt of times)
          for (const approvedAt of times) {
            const { progress: p, problems } = settleProgress(before, { status, deliveredAt, approvedAt }, NOW);
            if (problems.length > 0) continue;
            settled++;
            expect(p.deliveredAt !== null).toBe(p.status === 'delivered' || p.status === 'approved');
            expect(p.approvedAt !== null).toBe(p.status === 'approved');
            if (p.approvedAt && p.deliveredAt) expect(p.approvedAt.getTime()).toBeGreaterThanOrEqual(p.deliveredAt.getTime());
            if (status !== undefined) expect(p.status).toBe(status);
          }
    expect(settled).toBeGreaterThan(300);
  });
});

describe('small helpers', () => {
  it('timeOf keeps null and undefined apart and parses text', () => {
    expect(timeOf(undefined)).toBeUndefined();
    expect(timeOf(null)).toBeNull();
    expect(timeOf('2026-03-02T09:15:00+02:00')?.toISOString()).toBe('2026-03-02T07:15:00.000Z');
  });

  it('dayStartIso is midnight UTC of the day', () => {
    expect(dayStartIso('2026-03-31')).toBe('2026-03-31T00:00:00.000Z');
    expect(new Date(dayStartIso('1900-01-01')).getTime()).toBe(Date.UTC(1900, 0, 1));
  });
});
