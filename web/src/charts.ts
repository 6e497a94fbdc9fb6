/**
 * Axis and label arithmetic shared by the charts, pure so that it is unit-tested
 * (charts.test.ts) rather than eyeballed: recharts' own choices (a 0–4 axis for counts of 1,
 * ticks at arbitrary days) are what the UX review found wrong.
 */

const STEPS = [1, 2, 5];

/**
 * Whole-number ticks from 0 for an axis of counts: 0 … max with a step of 1, 2, 5, 10, 20 … so
 * that there are at most `maxTicks` of them, the last one at or just above `max`. The axis's
 * domain is [0, last tick]: a count of 1 fills the axis instead of a quarter of it.
 */
export function countTicks(max: number, maxTicks = 6): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let scale = 1; ; scale *= 10) {
    const fit = STEPS.map((s) => s * scale).find((s) => Math.ceil(top / s) + 1 <= maxTicks);
    if (fit !== undefined) {
      step = fit;
      break;
    }
  }
  const ticks: number[] = [];
  for (let t = 0; t < top + step; t += step) ticks.push(t);
  return ticks;
}

const MONTH_STEPS = [1, 2, 3, 6, 12];

/**
 * Ticks on the first day of months (in the browser's time zone, as they are labelled) between two
 * instants, every 1, 2, 3, 6 or 12 months so that there are at most `maxTicks`; the months are
 * counted from January, so a two-month step shows Jan, Mar, May … whatever the range.
 */
export function monthTicks(from: number, to: number, maxTicks = 7): number[] {
  // Months as one number, year * 12 + month, so that stepping and aligning are arithmetic.
  const startOf = (month: number) => new Date(Math.floor(month / 12), month % 12, 1).getTime();
  const start = new Date(from);
  let first = start.getFullYear() * 12 + start.getMonth();
  if (startOf(first) < from) first++;
  const months: number[] = [];
  for (let m = first; startOf(m) <= to; m++) months.push(m);
  const step = MONTH_STEPS.find((s) => months.filter((m) => m % s === 0).length <= maxTicks) ?? 12;
  return months.filter((m) => m % step === 0).map(startOf);
}

/**
 * The first of the candidate texts that fits in `width` pixels at `fontSize`, or null when none
 * does. SVG text cannot wrap or shrink, so a label over a narrow band gets a shorter form or none
 * (the same fact is in the lists below the chart). The width is estimated at 0.6 em a character,
 * a little over the average of the sans-serif digits and lower-case letters.
 */
export function fitLabel(candidates: readonly string[], width: number, fontSize: number): string | null {
  return candidates.find((text) => text.length * fontSize * 0.6 <= width) ?? null;
}
