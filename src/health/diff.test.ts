import { describe, expect, it } from 'vitest';
import { explainChange, type ComponentSnapshot } from './diff.js';
import type { AccountSignals } from './facts.js';
import { DEFAULT_MODEL } from './model.js';
import { computeHealth } from './score.js';

const c = (key: string, contribution: number, value: number | null, facts: string[] = []): ComponentSnapshot => ({
  key, label: key[0]?.toUpperCase() + key.slice(1), value, contribution, facts: facts.map((id) => ({ kind: 'deliverable', id })),
});

describe('explainChange', () => {
  it('lists what moved, the largest move first, with the facts that entered and left', () => {
    const before = { score: 80, components: [c('delivery', 30, 1, ['d1', 'd2']), c('targets', 20, 1), c('recency', 20, 1), c('breadth', 10, 1)] };
    const after = { score: 71.5, components: [c('delivery', 22.5, 0.75, ['d3', 'd1', 'd2']), c('targets', 20, 1), c('recency', 19.6, 0.98), c('breadth', 9.4, 1)] };
    expect(explainChange(before, after)).toEqual({
      before: 80,
      after: 71.5,
      delta: -8.5,
      components: [
        { key: 'delivery', label: 'Delivery', before: 30, after: 22.5, delta: -7.5, valueBefore: 1, valueAfter: 0.75, factsEntered: [{ kind: 'deliverable', id: 'd3' }], factsLeft: [] },
        { key: 'breadth', label: 'Breadth', before: 10, after: 9.4, delta: -0.6, valueBefore: 1, valueAfter: 1, factsEntered: [], factsLeft: [] },
        { key: 'recency', label: 'Recency', before: 20, after: 19.6, delta: -0.4, valueBefore: 1, valueAfter: 0.98, factsEntered: [], factsLeft: [] },
      ],
    });
  });

  it('keeps a component whose facts changed though its points did not', () => {
    const before = { score: 50, components: [c('delivery', 50, 1, ['d1'])] };
    const after = { score: 50, components: [c('delivery', 50, 1, ['d2'])] };
    expect(explainChange(before, after).components).toEqual([
      { key: 'delivery', label: 'Delivery', before: 50, after: 50, delta: 0, valueBefore: 1, valueAfter: 1, factsEntered: [{ kind: 'deliverable', id: 'd2' }], factsLeft: [{ kind: 'deliverable', id: 'd1' }] },
    ]);
  });

  it('reports a component that appeared or dropped out (no data)', () => {
    const before = { score: 60, components: [c('delivery', 0, null), c('targets', 60, 0.6, ['g1'])] };
    const after = { score: 70, components: [c('delivery', 40, 1, ['d1']), c('targets', 30, 0.6, ['g1'])] };
    const change = explainChange(before, after);
    expect(change.components.map((x) => [x.key, x.delta, x.valueBefore, x.valueAfter])).toEqual([
      ['delivery', 40, null, 1],
      ['targets', -30, 0.6, 0.6],
    ]);
  });

  it('handles a component only on one side, and ties keep component order', () => {
    const change = explainChange({ score: 10, components: [c('old', 5, 0.5, ['x'])] }, { score: 10, components: [c('new', 5, 0.5)] });
    expect(change.components.map((x) => [x.key, x.delta, x.factsLeft.length])).toEqual([
      ['new', 5, 0],
      ['old', -5, 1],
    ]);
  });

  it('nothing moved: no components, delta 0 (not −0)', () => {
    const same = { score: 42.1, components: [c('delivery', 42.1, 0.5, ['d1'])] };
    const change = explainChange(same, structuredClone(same));
    expect(change.components).toEqual([]);
    expect(Object.is(change.delta, 0)).toBe(true);
  });

  it('explains two real computations: a deliverable going overdue', () => {
    const s: AccountSignals = {
      accountId: 'a', asOf: '2026-06-30', cadenceDays: 14, since: '2025-01-01',
      touches: { lastTouchAt: '2026-06-29T10:00:00.000Z', lastTouchId: 't1', lastClientTouchAt: null, lastClientTouchId: null, touches: 3, clientTouches: 1, touchesPrev: 3, clientTouchesPrev: 1, touches30: 3, engagedContacts: 2, activeContacts: 2, recentTouchIds: ['t1'] },
      sentiment: { scored: 0, mean: null, touchIds: [] },
      delivery: { due: 2, onTime: 2, late: 0, lateIds: [], onTimeIds: ['d1', 'd2'] },
      targets: { evaluated: 0, met: 0, missedIds: [], metIds: [] },
      incidents: { count: 0, severityTotal: 0, ids: [] },
      contacts: { keyLeftIds: [], keyActive: 1 },
      survey: null,
    };
    const before = computeHealth(s, DEFAULT_MODEL);
    const after = computeHealth({ ...s, asOf: '2026-07-01', delivery: { due: 3, onTime: 2, late: 1, lateIds: ['d3'], onTimeIds: ['d1', 'd2'] } }, DEFAULT_MODEL);
    const change = explainChange(before, after);
    expect(change.delta).toBe(Math.round((after.score - before.score) * 10) / 10);
    expect(change.delta).toBeLessThan(0);
    expect(change.components[0]).toMatchObject({ key: 'delivery', label: 'Delivery on time', valueBefore: 1, factsEntered: [{ kind: 'deliverable', id: 'd3' }], factsLeft: [] });
    expect(change.components.reduce((sum, x) => sum + Math.round(x.delta * 10), 0)).toBe(Math.round(change.delta * 10));
  });
});
