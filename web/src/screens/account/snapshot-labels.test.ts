import { describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../api/types';
import { snapshotLabels } from './snapshot-labels';

let n = 0;
const snap = (computedAt: string, score: number, extra: Partial<HealthSnapshot> = {}): HealthSnapshot => ({
  id: `s${++n}`,
  asOf: computedAt.slice(0, 10),
  score,
  band: score >= 70 ? 'healthy' : score >= 45 ? 'watch' : 'at_risk',
  modelVersion: 0,
  cause: 'change',
  computedAt,
  ...extra,
});
const labelsOf = (snapshots: HealthSnapshot[]) => {
  const labels = snapshotLabels(snapshots);
  return snapshots.map((s) => labels.get(s.id)!.label);
};
const minute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const second = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

describe('snapshot labels a person can tell apart', () => {
  it('to the minute and the whole point when nothing else shares them', () => {
    const a = snap('2026-03-04T10:02:05Z', 72.4);
    const b = snap('2026-03-05T00:05:00Z', 64, { cause: 'daily' });
    expect(labelsOf([a, b])).toEqual([`${minute.format(new Date(a.computedAt))} · 72 (Healthy)`, `${minute.format(new Date(b.computedAt))} · 64 (Watch)`]);
  });

  it('two in the same minute with the same whole score: to the second and to a tenth', () => {
    const a = snap('2026-03-04T10:02:05Z', 72.4);
    const b = snap('2026-03-04T10:02:41Z', 72.0);
    const [la, lb] = labelsOf([a, b]);
    expect(la).toBe(`${second.format(new Date(a.computedAt))} · 72.4 (Healthy)`);
    expect(lb).toBe(`${second.format(new Date(b.computedAt))} · 72.0 (Healthy)`);
    expect(la).not.toBe(lb);
  });

  it('the same minute, scores apart: to the second, whole points', () => {
    const [la, lb] = labelsOf([snap('2026-03-04T10:02:05Z', 72.4), snap('2026-03-04T10:02:41Z', 55)]);
    expect(la).toMatch(/· 72 \(Healthy\)$/);
    expect(lb).toMatch(/· 55 \(Watch\)$/);
    expect(la).not.toBe(lb);
  });

  it('the same second and score (only the facts behind moved): why each was taken, then the model, then the order', () => {
    const at = '2026-03-04T10:02:05.100Z';
    const byCause = labelsOf([snap(at, 72, { cause: 'daily' }), snap(at, 72, { cause: 'change' })]);
    expect(byCause[0]).toMatch(/· daily$/);
    expect(byCause[1]).toMatch(/· after a change$/);
    const byModel = labelsOf([snap(at, 72), snap(at, 72, { modelVersion: 2 })]);
    expect(byModel[1]).toMatch(/· model v2$/);
    const byOrder = labelsOf([snap(at, 72), snap(at, 72), snap(at, 72)]);
    expect(byOrder.map((l) => l.slice(-6))).toEqual(['1 of 3', '2 of 3', '3 of 3']);
  });

  it('never gives two snapshots the same label', () => {
    const many = Array.from({ length: 40 }, (_, i) => snap(`2026-03-04T10:0${i % 3}:${String(i % 7).padStart(2, '0')}Z`, 70 + (i % 4) / 10, { cause: i % 2 ? 'change' : 'daily' }));
    expect(new Set(labelsOf(many)).size).toBe(many.length);
  });
});
