import { describe, expect, it } from 'vitest';
import { formatComputedAt, freshnessNote, refetchWhileUpdating, UPDATING_REFETCH_MS } from './freshness';

const now = new Date(2026, 5, 2, 9, 30);
const local = (day: number, hour: number, minute: number) => new Date(2026, 5, day, hour, minute).toISOString();
const time = (iso: string) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(iso));

describe('freshnessNote', () => {
  it("says nothing once the numbers are today's, or without an open account", () => {
    expect(freshnessNote({ asOf: '2026-06-02', computedAt: local(2, 0, 5), updating: false }, 'Scores', now)).toBeNull();
    expect(freshnessNote({ asOf: null, computedAt: null, updating: false }, 'Scores', now)).toBeNull();
    expect(freshnessNote(undefined, 'Scores', now)).toBeNull();
  });

  it('names when the numbers shown were computed, while the day is being computed', () => {
    const at = local(1, 23, 10);
    expect(freshnessNote({ asOf: '2026-06-01', computedAt: at, updating: true }, 'Scores', now)).toBe(`Scores as of yesterday ${time(at)} — updating`);
    expect(freshnessNote({ asOf: '2026-06-01', computedAt: at, updating: true }, 'Touch counts', now)).toMatch(/^Touch counts as of yesterday /);
  });
});

describe('formatComputedAt', () => {
  it.each([
    ['today', local(2, 0, 5), /^today /],
    ['yesterday', local(1, 0, 5), /^yesterday /],
    ['before', new Date(2026, 4, 30, 12, 0).toISOString(), /2026/],
  ])('%s', (_, iso, expected) => {
    expect(formatComputedAt(iso, now)).toMatch(expected);
  });
});

describe('refetchWhileUpdating', () => {
  it('reads again every few seconds while updating, and not otherwise', () => {
    expect(refetchWhileUpdating({ asOf: '2026-06-01', computedAt: local(1, 0, 5), updating: true })).toBe(UPDATING_REFETCH_MS);
    expect(refetchWhileUpdating({ asOf: '2026-06-02', computedAt: local(2, 0, 5), updating: false })).toBe(false);
    expect(refetchWhileUpdating(undefined)).toBe(false);
  });
});
