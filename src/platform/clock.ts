/** Time as a dependency, so tests can fix it and use-cases never call `new Date()` themselves. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set(next) {
      current = new Date(next);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** The calendar date (UTC) of an instant, as 'YYYY-MM-DD'. */
export function toIsoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
