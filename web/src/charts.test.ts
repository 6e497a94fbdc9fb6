import { describe, expect, it } from 'vitest';
import { countTicks, fitLabel, monthTicks } from './charts';

describe('countTicks', () => {
  it.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [2, [0, 1, 2]],
    [3, [0, 1, 2, 3]],
    [5, [0, 1, 2, 3, 4, 5]],
    [6, [0, 2, 4, 6]],
    [7, [0, 2, 4, 6, 8]],
    [11, [0, 5, 10, 15]],
    [40, [0, 10, 20, 30, 40]],
    [41, [0, 10, 20, 30, 40, 50]],
    [120, [0, 50, 100, 150]],
    [2.5, [0, 1, 2, 3]],
  ])('counts up to %s: %j', (max, ticks) => {
    expect(countTicks(max)).toEqual(ticks);
  });

  it('gives whole numbers only, ending at or above the largest count, never more than asked', () => {
    for (let max = 0; max <= 1000; max += 7) {
      const ticks = countTicks(max, 5);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
  });
});

describe('monthTicks', () => {
  const day = (y: number, m: number, d: number) => new Date(y, m - 1, d).getTime();
  const months = (ticks: number[]) => ticks.map((t) => new Date(t)).map((d) => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`);

  it('puts ticks on the first of the months inside the range', () => {
    expect(months(monthTicks(day(2025, 11, 23), day(2026, 3, 10)))).toEqual(['2025-12-1', '2026-1-1', '2026-2-1', '2026-3-1']);
  });

  it('includes a range that starts on the first of a month', () => {
    expect(months(monthTicks(day(2026, 1, 1), day(2026, 2, 1)))).toEqual(['2026-1-1', '2026-2-1']);
  });

  it('takes every second month from January over a year, at most seven ticks', () => {
    expect(months(monthTicks(day(2025, 11, 23), day(2026, 11, 23)))).toEqual(['2026-1-1', '2026-3-1', '2026-5-1', '2026-7-1', '2026-9-1', '2026-11-1']);
    expect(monthTicks(day(2025, 11, 23), day(2026, 11, 23), 4)).toHaveLength(4);
  });

  it('gives nothing for a range inside one month', () => {
    expect(monthTicks(day(2026, 3, 2), day(2026, 3, 30))).toEqual([]);
  });
});

describe('fitLabel', () => {
  const candidates = ['42 days silent', '42 d'];

  it('takes the first candidate that fits, a shorter one over a narrow band, none over a sliver', () => {
    expect(fitLabel(candidates, 200, 10)).toBe('42 days silent');
    expect(fitLabel(candidates, 40, 10)).toBe('42 d');
    expect(fitLabel(candidates, 10, 10)).toBeNull();
  });
});
