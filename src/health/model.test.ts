import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, HealthModelSchema, type HealthModel } from './model.js';

/** A copy of the default model with one path replaced. */
function withValue(path: string[], value: unknown): unknown {
  const copy = structuredClone(DEFAULT_MODEL) as unknown as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1) as string] = value;
  return copy;
}

/** The first issue's path and message, as the HTTP layer would report it. */
function firstIssue(input: unknown): string | null {
  const result = HealthModelSchema.safeParse(input);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return `${issue?.path.join('.')}: ${issue?.message}`;
}

describe('DEFAULT_MODEL', () => {
  it('is valid under its own schema, unchanged by parsing', () => {
    expect(HealthModelSchema.parse(DEFAULT_MODEL)).toEqual(DEFAULT_MODEL);
  });

  it('has the documented values', () => {
    expect(DEFAULT_MODEL.windows).toEqual({ touchDays: 90, deliveryDays: 90, incidentDays: 90, cosyDays: 30 });
    expect(DEFAULT_MODEL.bands).toEqual({ healthy: 70, watch: 45 });
    expect(Object.values(DEFAULT_MODEL.weights).reduce((a, b) => a + b, 0)).toBe(100);
    expect(DEFAULT_MODEL.alerts.scoreDrop).toEqual({ points: 15, days: 30 });
    expect(DEFAULT_MODEL.alerts.deliverySlipping).toEqual({ onTimeBelow: 0.8, minDue: 2, minLate: 2 });
  });
});

describe('HealthModelSchema refuses a model that would make the score meaningless', () => {
  it.each<[string, string[], unknown, string]>([
    ['a negative weight', ['weights', 'delivery'], -1, 'weights.delivery'],
    ['a weight above 100', ['weights', 'survey'], 101, 'weights.survey'],
    ['a weight that is not a number', ['weights', 'recency'], '10', 'weights.recency'],
    ['an infinite weight', ['weights', 'recency'], Infinity, 'weights.recency'],
    ['NaN', ['weights', 'recency'], Number.NaN, 'weights.recency'],
    ['a window of part of a day', ['windows', 'touchDays'], 90.5, 'windows.touchDays'],
    ['a window under a week', ['windows', 'touchDays'], 6, 'windows.touchDays'],
    ['a window over a year', ['windows', 'touchDays'], 366, 'windows.touchDays'],
    ['a band above 100', ['bands', 'healthy'], 101, 'bands.healthy'],
    ['a negative band', ['bands', 'watch'], -1, 'bands.watch'],
    ['a band in tenths', ['bands', 'healthy'], 70.5, 'bands.healthy'],
    ['a share above 1', ['alerts', 'deliverySlipping', 'onTimeBelow'], 1.01, 'alerts.deliverySlipping.onTimeBelow'],
    ['a zero count', ['alerts', 'targetsMissed', 'minMissed'], 0, 'alerts.targetsMissed.minMissed'],
    ['a sentiment beyond 1', ['alerts', 'tooCosy', 'minSentiment'], 1.5, 'alerts.tooCosy.minSentiment'],
    ['recency reaching 0 at the cadence itself', ['components', 'recencyZeroAt'], 1, 'components.recencyZeroAt'],
    ['a quality cap of 0', ['components', 'qualityCap'], 0, 'components.qualityCap'],
  ])('%s', (_label, path, value, field) => {
    expect(firstIssue(withValue(path, value))).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
  });

  it('accepts the bounds themselves', () => {
    expect(firstIssue(withValue(['windows', 'touchDays'], 7))).toBeNull();
    expect(firstIssue(withValue(['windows', 'touchDays'], 365))).toBeNull();
    expect(firstIssue(withValue(['weights', 'survey'], 0))).toBeNull();
    expect(firstIssue(withValue(['weights', 'delivery'], 100))).toBeNull();
  });

  it('refuses every weight at zero, or only survey above it (no survey answers exist yet: a constant score)', () => {
    const zero = Object.fromEntries(Object.keys(DEFAULT_MODEL.weights).map((k) => [k, 0]));
    expect(firstIssue(withValue(['weights'], zero))).toBe('weights: At least one weight other than survey must be above 0');
    expect(firstIssue(withValue(['weights'], { ...zero, survey: 100 }))).toBe('weights: At least one weight other than survey must be above 0');
    expect(firstIssue(withValue(['weights'], { ...zero, sentiment: 0.1 }))).toBeNull();
  });

  it.each([
    [70, 70, false],
    [70, 71, false],
    [70, 69, true],
  ])('healthy %d over watch %d is valid: %s', (healthy, watch, isValid) => {
    const result = firstIssue(withValue(['bands'], { healthy, watch }));
    expect(result === null).toBe(isValid);
    if (!isValid) {
      expect(result).toBe(`bands.healthy: Must be above ${watch}, where at risk ends (healthy from ${healthy} would leave no watch band)`);
      const issues = HealthModelSchema.safeParse(withValue(['bands'], { healthy, watch })).error?.issues.map((i) => [i.path.join('.'), i.message]);
      expect(issues).toContainEqual(['bands.watch', `Must be below ${healthy}, where healthy begins`]);
    }
  });

  it('refuses unknown keys at every level and missing ones', () => {
    expect(firstIssue({ ...DEFAULT_MODEL, extra: 1 })).toMatch(/Unrecognized key/);
    expect(firstIssue(withValue(['weights', 'nps'], 5))).toMatch(/^weights: Unrecognized key/);
    expect(firstIssue(withValue(['alerts', 'tooCosy', 'typo'], 5))).toMatch(/^alerts\.tooCosy: Unrecognized key/);
    const { survey: _survey, ...weights } = DEFAULT_MODEL.weights;
    expect(firstIssue(withValue(['weights'], weights))).toMatch(/^weights\.survey: /);
  });

  it('types the parsed model', () => {
    const model: HealthModel = HealthModelSchema.parse(withValue(['windows', 'cosyDays'], 14));
    expect(model.windows.cosyDays).toBe(14);
  });
});
