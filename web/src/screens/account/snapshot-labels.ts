import type { HealthSnapshot } from '../../api/types';
import { BAND_LABELS, formatScore } from '../../format';

const minuteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const secondFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export const SNAPSHOT_CAUSE_LABELS: Record<HealthSnapshot['cause'], string> = {
  change: 'after a change',
  daily: 'daily',
  recompute: 'recomputed',
};

export interface SnapshotLabel {
  /** When it was computed: to the minute, or to the second when another shares its minute. */
  when: string;
  /** The score: whole, or to a tenth when another of the same minute rounds to the same. */
  score: string;
  /** "Mar 4, 2026, 10:02 AM · 72 (Healthy)", told apart from every other snapshot's. */
  label: string;
}

const groupBy = <T,>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

/**
 * Labels for an account's snapshots (oldest first, as the history sends them) that a person can
 * tell apart. A snapshot is written whenever anything the score rests on moves — a tenth of a
 * point, or only the facts behind a component (a newer touch among the last ones) — so two can
 * fall in the same minute with the same whole score. Shown to the minute and to the whole point,
 * they looked the same. Such ones get the time to the second and the score to a tenth; those still
 * alike get why they were taken (and the model's version when it differs); the last resort is
 * their order ("2 of 2").
 */
export function snapshotLabels(snapshots: readonly HealthSnapshot[]): Map<string, SnapshotLabel> {
  const labels = new Map<string, SnapshotLabel>();
  const byMinute = groupBy(snapshots, (s) => minuteFormat.format(new Date(s.computedAt)));
  for (const [minute, group] of byMinute) {
    const crowded = group.length > 1;
    const sameWhole = groupBy(group, (s) => formatScore(s.score));
    for (const s of group) {
      const when = crowded ? secondFormat.format(new Date(s.computedAt)) : minute;
      const score = (sameWhole.get(formatScore(s.score))?.length ?? 0) > 1 ? s.score.toFixed(1) : formatScore(s.score);
      labels.set(s.id, { when, score, label: `${when} · ${score} (${BAND_LABELS[s.band]})` });
    }
  }
  // Still alike: say why each was taken, then the model, then their order.
  const distinguish = (describe: (s: HealthSnapshot, index: number, group: HealthSnapshot[]) => string) => {
    for (const group of groupBy(snapshots, (s) => labels.get(s.id)!.label).values()) {
      if (group.length < 2) continue;
      const words = group.map((s, i) => describe(s, i, group));
      if (new Set(words).size === 1) continue;
      group.forEach((s, i) => {
        const l = labels.get(s.id)!;
        labels.set(s.id, { ...l, label: `${l.label} · ${words[i]}` });
      });
    }
  };
  distinguish((s) => SNAPSHOT_CAUSE_LABELS[s.cause]);
  distinguish((s) => `model v${s.modelVersion}`);
  distinguish((_, i, group) => `${i + 1} of ${group.length}`);
  return labels;
}
