import { describe, expect, it } from 'vitest';
import { latestToday, lossDayProblem } from './loss.js';

describe('latestToday: the day in the time zone furthest ahead (UTC+14)', () => {
  it.each([
    ['2026-07-15T00:00:00Z', '2026-07-15'],
    ['2026-07-15T09:59:59.999Z', '2026-07-15'],
    ['2026-07-15T10:00:00Z', '2026-07-16'],
    ['2026-07-15T23:30:00Z', '2026-07-16'],
    ['2026-12-31T10:00:00Z', '2027-01-01'],
  ])('at %s it is %s somewhere', (now, day) => {
    expect(latestToday(new Date(now))).toBe(day);
  });
});

describe('lossDayProblem', () => {
  const today = '2026-07-16';
  it.each([
    ['today', '2026-07-16', null, null],
    ['a past day without a start day', '1990-01-01', null, null],
    ['the start day itself', '2024-03-01', '2024-03-01', null],
    ['tomorrow', '2026-07-17', null, 'Cannot be after today (2026-07-16 at the latest, in the time zone furthest ahead)'],
    ['the day before the start', '2024-02-29', '2024-03-01', 'Cannot be before the account began (2024-03-01)'],
  ])('%s', (_, lostOn, startedOn, detail) => {
    expect(lossDayProblem(lostOn, { startedOn }, today)?.detail ?? null).toBe(detail);
  });
});
