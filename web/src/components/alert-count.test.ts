import { describe, expect, it } from 'vitest';
import { highestSeverity, severityCountsOf, severityCountsOfAlerts, severityWords } from './alert-count';

describe('the colour and words of an alert count', () => {
  it.each([
    [{}, null, ''],
    [{ info: 1 }, 'info', '1 info'],
    [{ info: 2, warning: 1 }, 'warning', '1 warning, 2 info'],
    [{ warning: 0, info: 3 }, 'info', '3 info'],
    [{ critical: 1, warning: 2, info: 3 }, 'critical', '1 critical, 2 warning, 3 info'],
    [{ critical: 0, warning: 0 }, null, ''],
  ] as const)('%j is %s: "%s"', (counts, top, words) => {
    expect(highestSeverity(counts)).toBe(top);
    expect(severityWords(counts)).toBe(words);
  });

  it('a single-threaded alert (info) alone is not red', () => {
    expect(highestSeverity(severityCountsOfAlerts([{ severity: 'info' }]))).toBe('info');
  });

  it('adds up the states a badge counts, and only those', () => {
    const severities = { open: { info: 1, critical: 1 }, acknowledged: { warning: 2 }, snoozed: { critical: 4 }, resolved: { critical: 9 } };
    expect(severityCountsOf(severities, ['open', 'acknowledged'])).toEqual({ info: 1, critical: 1, warning: 2 });
    expect(severityCountsOf({ open: { info: 1 }, snoozed: { critical: 1 } }, ['open', 'acknowledged'])).toEqual({ info: 1 });
  });
});
