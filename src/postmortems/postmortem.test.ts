import { describe, expect, it } from 'vitest';
import {
  alertResponse,
  assemblePostmortem,
  contactGaps,
  initiationBuckets,
  lateDeliverables,
  missedTargets,
  postmortemWindow,
  type PostmortemFacts,
} from './postmortem.js';

/** A loss on 2026-06-30: the window is the 180 days 2026-01-02 … 2026-06-30. */
const LOST_ON = '2026-06-30';
const WINDOW = postmortemWindow(LOST_ON);

type Alert = PostmortemFacts['alerts'][number];

function facts(overrides: Partial<PostmortemFacts> = {}): PostmortemFacts {
  return {
    account: { id: 'acc', name: 'Acme', cadenceDays: null, since: '2024-01-01' },
    loss: { lostOn: LOST_ON, reasons: ['quality'], notes: '', recordedBy: null, recordedAt: '2026-07-01T09:00:00.000Z' },
    touchpoints: [],
    touchBefore: null,
    deliverables: [],
    targets: [],
    incidents: [],
    health: [],
    alerts: [],
    ...overrides,
  };
}

const touch = (id: string, occurredAt: string, direction: 'agency_initiated' | 'client_initiated' = 'agency_initiated') => ({ id, occurredAt, direction });

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'al',
    kind: 'delivery_slipping',
    severity: 'warning',
    message: 'Delivery is slipping',
    state: 'open',
    raisedOn: '2026-03-01',
    raisedAt: '2026-03-01T04:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    snoozedUntil: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    note: '',
    ...overrides,
  };
}

describe('postmortemWindow', () => {
  it.each([
    ['2026-06-30', '2026-01-02', '2026-07-01T00:00:00.000Z'],
    ['2024-03-01', '2023-09-04', '2024-03-02T00:00:00.000Z'], // across a leap day
    ['2026-01-01', '2025-07-06', '2026-01-02T00:00:00.000Z'],
  ])('a loss on %s looks back to %s, up to %s', (lostOn, from, endAt) => {
    const w = postmortemWindow(lostOn);
    expect(w).toEqual({ from, to: lostOn, startAt: `${from}T00:00:00.000Z`, endAt });
  });
});

describe('lateDeliverables', () => {
  const d = (id: string, dueAt: string, deliveredAt: string | null, status: 'planned' | 'in_progress' | 'delivered' | 'approved' | 'cancelled' = deliveredAt ? 'delivered' : 'in_progress') => ({
    id,
    projectId: 'p',
    projectName: 'Launch',
    title: `Deliverable ${id}`,
    dueAt,
    deliveredAt,
    status,
  });
  it.each([
    ['delivered on time', d('a', '2026-03-01T17:00:00Z', '2026-03-01T16:00:00Z'), null],
    ['delivered exactly at the due time', d('a', '2026-03-01T17:00:00Z', '2026-03-01T17:00:00Z'), null],
    ['delivered five minutes late: one day', d('a', '2026-03-01T17:00:00Z', '2026-03-01T17:05:00Z'), { state: 'delivered_late', daysLate: 1 }],
    ['delivered ten days late', d('a', '2026-03-01T00:00:00Z', '2026-03-11T00:00:00Z', 'approved'), { state: 'delivered_late', daysLate: 10 }],
    ['never delivered: overdue at the end of the loss day', d('a', '2026-06-20T00:00:00Z', null), { state: 'overdue', daysLate: 11 }],
    ['delivered after the loss: overdue at the loss', d('a', '2026-06-20T00:00:00Z', '2026-07-15T00:00:00Z'), { state: 'overdue', daysLate: 11 }],
    ['cancelled: neither', d('a', '2026-03-01T00:00:00Z', null, 'cancelled'), null],
    ['due in the last moment of the loss day and not delivered: a day overdue', d('a', '2026-06-30T23:59:59.999Z', null), { state: 'overdue', daysLate: 1 }],
  ] as const)('%s', (_label, deliverable, expected) => {
    const late = lateDeliverables({ deliverables: [deliverable] }, WINDOW);
    if (expected === null) expect(late).toEqual([]);
    else expect(late).toEqual([expect.objectContaining({ id: 'a', ...expected })]);
  });

  it('keeps a delivery made before the loss and orders by due time', () => {
    const late = lateDeliverables({ deliverables: [d('b', '2026-04-01T00:00:00Z', '2026-04-03T00:00:00Z'), d('a', '2026-02-01T00:00:00Z', null)] }, WINDOW);
    expect(late.map((x) => [x.id, x.deliveredAt, x.daysLate])).toEqual([
      ['a', null, 150],
      ['b', '2026-04-03T00:00:00Z', 2],
    ]);
  });
});

describe('missedTargets', () => {
  const t = (id: string, goal: number, actual: number | null, higherIsBetter = true, periodEnd = '2026-03-31') => ({
    id,
    projectId: null,
    projectName: null,
    metric: 'leads',
    periodStart: '2026-01-01',
    periodEnd,
    goal,
    actual,
    higherIsBetter,
  });
  it.each([
    ['below a higher-is-better goal', t('a', 100, 80), true],
    ['exactly at the goal', t('a', 100, 100), false],
    ['above a higher-is-better goal', t('a', 100, 120), false],
    ['above a lower-is-better goal', t('a', 5, 7, false), true],
    ['below a lower-is-better goal', t('a', 5, 3, false), false],
    ['no actual yet', t('a', 100, null), false],
  ] as const)('%s → missed: %s', (_label, target, isMissed) => {
    expect(missedTargets({ targets: [target] }).map((x) => x.id)).toEqual(isMissed ? ['a'] : []);
  });

  it('orders by period end', () => {
    expect(missedTargets({ targets: [t('late', 10, 1, true, '2026-05-31'), t('early', 10, 1, true, '2026-02-28')] }).map((x) => x.id)).toEqual(['early', 'late']);
  });
});

describe('contactGaps', () => {
  const account = (cadenceDays: number | null, since = '2024-01-01') => ({ id: 'acc', name: 'Acme', cadenceDays, since });
  it.each([
    {
      label: 'no touch at all: one gap over the whole window',
      input: { account: account(null), touchBefore: null, touchpoints: [] },
      gaps: [{ from: WINDOW.startAt, to: WINDOW.endAt, days: 180, fromTouchId: null, toTouchId: null, allowedDays: 30 }],
    },
    {
      label: 'touches every 20 days with no cadence target (30): none',
      input: {
        account: account(null),
        touchBefore: { id: 't0', occurredAt: '2025-12-20T10:00:00Z' },
        touchpoints: Array.from({ length: 10 }, (_, i) => touch(`t${i + 1}`, new Date(Date.parse('2026-01-05T10:00:00Z') + i * 20 * 86_400_000).toISOString())),
      },
      gaps: [],
    },
    {
      label: 'a 31-day gap is one; 30 days is not',
      input: {
        account: account(null),
        touchBefore: null,
        touchpoints: [touch('a', '2026-01-02T09:00:00Z'), touch('b', '2026-02-01T09:00:00Z'), touch('c', '2026-03-04T09:00:00Z'), touch('d', '2026-06-25T09:00:00Z')],
      },
      gaps: [
        { from: '2026-02-01T09:00:00Z', to: '2026-03-04T09:00:00Z', days: 31, fromTouchId: 'b', toTouchId: 'c', allowedDays: 30 },
        { from: '2026-03-04T09:00:00Z', to: '2026-06-25T09:00:00Z', days: 113, fromTouchId: 'c', toTouchId: 'd', allowedDays: 30 },
      ],
    },
    {
      label: 'the cadence target sets the allowed gap (14 days), and the last touch runs to the loss',
      input: {
        account: account(14),
        touchBefore: { id: 'before', occurredAt: '2025-12-25T00:00:00Z' },
        touchpoints: [touch('a', '2026-01-05T00:00:00Z'), touch('b', '2026-06-01T00:00:00Z')],
      },
      gaps: [
        { from: '2026-01-05T00:00:00Z', to: '2026-06-01T00:00:00Z', days: 147, fromTouchId: 'a', toTouchId: 'b', allowedDays: 14 },
        { from: '2026-06-01T00:00:00Z', to: WINDOW.endAt, days: 30, fromTouchId: 'b', toTouchId: null, allowedDays: 14 },
      ],
    },
    {
      label: 'a gap that began before the window starts at the touch before it',
      input: { account: account(null), touchBefore: { id: 'old', occurredAt: '2025-11-01T00:00:00Z' }, touchpoints: [touch('a', '2026-02-01T00:00:00Z'), touch('b', '2026-02-20T00:00:00Z'), touch('c', '2026-03-15T00:00:00Z'), touch('d', '2026-04-10T00:00:00Z'), touch('e', '2026-05-05T00:00:00Z'), touch('f', '2026-06-01T00:00:00Z'), touch('g', '2026-06-28T00:00:00Z')] },
      gaps: [{ from: '2025-11-01T00:00:00Z', to: '2026-02-01T00:00:00Z', days: 92, fromTouchId: 'old', toTouchId: 'a', allowedDays: 30 }],
    },
    {
      label: 'an account that started in the window is counted from its start',
      input: { account: account(null, '2026-05-01'), touchBefore: null, touchpoints: [touch('a', '2026-06-15T00:00:00Z')] },
      gaps: [{ from: '2026-05-01T00:00:00.000Z', to: '2026-06-15T00:00:00Z', days: 45, fromTouchId: null, toTouchId: 'a', allowedDays: 30 }],
    },
    {
      label: 'touches given out of order are sorted',
      input: { account: account(60), touchBefore: null, touchpoints: [touch('b', '2026-04-01T00:00:00Z'), touch('a', '2026-01-10T00:00:00Z'), touch('c', '2026-05-30T00:00:00Z')] },
      gaps: [{ from: '2026-01-10T00:00:00Z', to: '2026-04-01T00:00:00Z', days: 81, fromTouchId: 'a', toTouchId: 'b', allowedDays: 60 }],
    },
  ])('$label', ({ input, gaps }) => {
    expect(contactGaps(input as Parameters<typeof contactGaps>[0], WINDOW)).toEqual(gaps);
  });
});

describe('initiationBuckets', () => {
  it('counts touches per 30-day bucket, oldest first, with the client share', () => {
    const buckets = initiationBuckets(
      {
        touchpoints: [
          touch('a', '2026-01-02T00:00:00Z', 'client_initiated'), // the window's first day: bucket 0
          touch('b', '2026-01-31T23:59:59Z', 'agency_initiated'), // the last day of bucket 0
          touch('c', '2026-02-01T00:00:00Z', 'client_initiated'), // bucket 1
          touch('d', '2026-06-30T12:00:00Z', 'agency_initiated'), // the loss day: bucket 5
          touch('e', '2026-07-01T00:00:00Z', 'client_initiated'), // after the loss: left out
        ],
      },
      WINDOW,
    );
    expect(buckets).toEqual([
      { from: '2026-01-02', to: '2026-01-31', touches: 2, clientTouches: 1, clientShare: 0.5 },
      { from: '2026-02-01', to: '2026-03-02', touches: 1, clientTouches: 1, clientShare: 1 },
      { from: '2026-03-03', to: '2026-04-01', touches: 0, clientTouches: 0, clientShare: null },
      { from: '2026-04-02', to: '2026-05-01', touches: 0, clientTouches: 0, clientShare: null },
      { from: '2026-05-02', to: '2026-05-31', touches: 0, clientTouches: 0, clientShare: null },
      { from: '2026-06-01', to: '2026-06-30', touches: 1, clientTouches: 0, clientShare: 0 },
    ]);
  });
});

describe('alertResponse', () => {
  const me = { userId: 'u', name: 'Uma' };
  it.each([
    ['open, never touched', alert(), { response: 'none', actedOn: false, actedBeforeLoss: false }],
    ['cleared by itself', alert({ state: 'resolved', resolvedAt: '2026-03-10T00:00:00Z', resolution: 'auto' }), { response: 'none', actedOn: false, actedBeforeLoss: false }],
    ['acknowledged before the loss', alert({ state: 'acknowledged', acknowledgedAt: '2026-03-02T00:00:00Z', acknowledgedBy: me }), { response: 'acknowledged', actedOn: true, actedBeforeLoss: true }],
    ['acknowledged only after the loss', alert({ state: 'acknowledged', acknowledgedAt: '2026-07-02T00:00:00Z', acknowledgedBy: me }), { response: 'acknowledged', actedOn: true, actedBeforeLoss: false }],
    ['snoozed', alert({ state: 'snoozed', snoozedUntil: '2026-04-01T00:00:00Z' }), { response: 'snoozed', actedOn: true, actedBeforeLoss: false }],
    ['acknowledged, then cleared by itself', alert({ state: 'resolved', acknowledgedAt: '2026-03-02T00:00:00Z', resolvedAt: '2026-03-20T00:00:00Z', resolution: 'auto' }), { response: 'acknowledged', actedOn: true, actedBeforeLoss: true }],
    ['resolved by hand on the loss day', alert({ state: 'resolved', resolvedAt: '2026-06-30T20:00:00Z', resolvedBy: me, resolution: 'manual' }), { response: 'resolved_manually', actedOn: true, actedBeforeLoss: true }],
  ] as const)('%s', (_label, a, expected) => {
    expect(alertResponse(a, WINDOW)).toEqual(expected);
  });
});

describe('assemblePostmortem', () => {
  it('a quiet, clean account: only the silence and the loss', () => {
    const pm = assemblePostmortem(facts({ touchBefore: { id: 'old', occurredAt: '2025-12-31T12:00:00Z' } }));
    expect(pm.summary).toEqual({
      deliverablesDue: 0,
      lateDeliverables: 0,
      targetsEvaluated: 0,
      missedTargets: 0,
      incidents: 0,
      incidentSeverityTotal: 0,
      touches: 0,
      contactGaps: 1,
      longestGapDays: 181,
      clientShareBefore: null,
      clientShareAfter: null,
      initiationDropped: false,
      firstAtRiskOn: null,
      atRiskDaysBeforeLoss: null,
      alertsRaised: 0,
      alertsActedOn: 0,
    });
    expect(pm.window).toEqual({ from: '2026-01-02', to: LOST_ON, days: 180 });
    expect(pm.timeline.map((e) => e.kind)).toEqual(['contact_gap', 'lost']);
    expect(pm.timeline[0]).toMatchObject({ at: WINDOW.startAt, message: expect.stringContaining('No touch for 181 days (from 2025-12-31 until the loss)') });
    expect(pm.timeline[1]).toEqual({ at: WINDOW.endAt, kind: 'lost', refId: 'acc', message: 'Lost on 2026-06-30 (quality)' });
  });

  it('a slipping account: every signal, on one timeline in the order it happened', () => {
    const clientEarly = ['2026-01-05', '2026-01-20', '2026-02-10', '2026-03-01'].map((d, i) => touch(`c${i}`, `${d}T10:00:00Z`, 'client_initiated'));
    const agencyEarly = ['2026-01-12', '2026-02-20'].map((d, i) => touch(`a${i}`, `${d}T10:00:00Z`));
    const agencyLate = ['2026-04-02', '2026-05-01', '2026-05-25', '2026-06-20'].map((d, i) => touch(`l${i}`, `${d}T10:00:00Z`));
    const pm = assemblePostmortem(
      facts({
        loss: { lostOn: LOST_ON, reasons: ['quality', 'missed_results'], notes: 'They went in-house', recordedBy: { userId: 'u', name: 'Uma' }, recordedAt: '2026-07-01T09:00:00.000Z' },
        touchBefore: { id: 'old', occurredAt: '2025-12-28T10:00:00Z' },
        touchpoints: [...clientEarly, ...agencyEarly, ...agencyLate],
        deliverables: [
          { id: 'd1', projectId: 'p', projectName: 'Spring campaign', title: 'Brief', dueAt: '2026-02-01T17:00:00Z', deliveredAt: '2026-02-01T12:00:00Z', status: 'delivered' },
          { id: 'd2', projectId: 'p', projectName: 'Spring campaign', title: 'Report', dueAt: '2026-03-15T17:00:00Z', deliveredAt: '2026-03-20T09:00:00Z', status: 'approved' },
          { id: 'd3', projectId: 'p', projectName: 'Spring campaign', title: 'Launch video', dueAt: '2026-05-01T17:00:00Z', deliveredAt: null, status: 'in_progress' },
          { id: 'd4', projectId: 'p', projectName: 'Spring campaign', title: 'Dropped', dueAt: '2026-05-02T17:00:00Z', deliveredAt: null, status: 'cancelled' },
        ],
        targets: [
          { id: 'g1', projectId: null, projectName: null, metric: 'leads', periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 100, actual: 60, higherIsBetter: true },
          { id: 'g2', projectId: null, projectName: null, metric: 'cpa', periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 20, actual: 18, higherIsBetter: false },
        ],
        incidents: [{ id: 'i1', deliverableId: 'd2', deliverableTitle: 'Report', kind: 'report_error', severity: 3, description: 'Wrong numbers in the report', occurredAt: '2026-03-21T08:00:00Z' }],
        health: [
          { asOf: '2026-03-01', score: 78, band: 'healthy', modelVersion: 0 },
          { asOf: '2026-03-22', score: 52, band: 'watch', modelVersion: 0 },
          { asOf: '2026-05-05', score: 40, band: 'at_risk', modelVersion: 0 },
          { asOf: '2026-05-06', score: 39, band: 'at_risk', modelVersion: 0 },
        ],
        alerts: [
          alert({ id: 'al1', raisedOn: '2026-03-22', raisedAt: '2026-03-22T04:00:00Z', state: 'resolved', resolution: 'auto', resolvedAt: '2026-04-30T04:00:00Z' }),
          alert({ id: 'al2', kind: 'quality_incidents', severity: 'critical', message: 'A serious incident', raisedOn: '2026-03-21', raisedAt: '2026-03-21T09:00:00Z', state: 'acknowledged', acknowledgedAt: '2026-03-23T10:00:00Z', acknowledgedBy: { userId: 'u', name: 'Uma' } }),
        ],
      }),
    );
    expect(pm.lateDeliverables.map((d) => [d.id, d.state, d.daysLate])).toEqual([
      ['d2', 'delivered_late', 5],
      ['d3', 'overdue', 61],
    ]);
    expect(pm.missedTargets.map((t) => t.id)).toEqual(['g1']);
    expect(pm.incidents.map((i) => i.id)).toEqual(['i1']);
    expect(pm.alerts.map((a) => [a.id, a.response, a.actedOn])).toEqual([
      ['al2', 'acknowledged', true],
      ['al1', 'none', false],
    ]);
    expect(pm.summary).toMatchObject({
      deliverablesDue: 3,
      lateDeliverables: 2,
      targetsEvaluated: 2,
      missedTargets: 1,
      incidents: 1,
      incidentSeverityTotal: 3,
      touches: 10,
      clientShareBefore: 4 / 6,
      clientShareAfter: 0,
      initiationDropped: true,
      firstAtRiskOn: '2026-05-05',
      atRiskDaysBeforeLoss: 56,
      alertsRaised: 2,
      alertsActedOn: 1,
    });
    // Every 7–29 days, except 2026-03-01 → 2026-04-02.
    expect(pm.contactGaps.map((g) => [g.fromTouchId, g.toTouchId, g.days])).toEqual([['c3', 'l0', 32]]);
    expect(pm.summary.longestGapDays).toBe(32);
    expect(pm.timeline.map((e) => `${e.at.slice(0, 10)} ${e.kind} ${e.refId ?? '-'}`)).toEqual([
      '2026-03-01 contact_gap -',
      '2026-03-15 late_deliverable d2',
      '2026-03-21 incident i1',
      '2026-03-21 alert al2',
      '2026-03-22 band_change -',
      '2026-03-22 alert al1',
      '2026-03-31 missed_target g1',
      '2026-05-01 late_deliverable d3',
      '2026-05-05 band_change -',
      '2026-07-01 lost acc',
    ]);
    const byRef = Object.fromEntries(pm.timeline.filter((e) => e.refId).map((e) => [e.refId, e.message]));
    expect(byRef.d2).toBe('Report (Spring campaign) was due 2026-03-15: delivered 5 days late');
    expect(byRef.d3).toBe('Launch video (Spring campaign) was due 2026-05-01: not delivered by the loss (61 days overdue)');
    expect(byRef.g1).toBe('Target missed: leads was 60 for 2026-01-01 … 2026-03-31; the goal was at least 100');
    expect(byRef.i1).toBe('Incident (report error, severity 3): Wrong numbers in the report');
    expect(byRef.al2).toBe('Alert (critical): A serious incident — acknowledged by Uma on 2026-03-23');
    expect(byRef.al1).toBe('Alert (warning): Delivery is slipping — no one responded; it cleared by itself');
    expect(byRef.acc).toBe('Lost on 2026-06-30 (quality, missed results)');
    expect(pm.timeline.filter((e) => e.kind === 'band_change').map((e) => e.message)).toEqual([
      'Health went from healthy to watch (score 78 → 52)',
      'Health went from watch to at risk (score 52 → 40)',
    ]);
  });

  it('no drop in initiation without at least two client-started touches early on', () => {
    const pm = assemblePostmortem(facts({ touchpoints: [touch('a', '2026-01-10T00:00:00Z', 'client_initiated'), touch('b', '2026-05-10T00:00:00Z')] }));
    expect(pm.summary).toMatchObject({ clientShareBefore: 1, clientShareAfter: 0, initiationDropped: false });
  });

  it('a steady client share is no drop', () => {
    const pm = assemblePostmortem(
      facts({
        touchpoints: [
          touch('a', '2026-01-10T00:00:00Z', 'client_initiated'),
          touch('b', '2026-02-10T00:00:00Z', 'client_initiated'),
          touch('c', '2026-02-20T00:00:00Z'),
          touch('d', '2026-04-10T00:00:00Z', 'client_initiated'),
          touch('e', '2026-05-10T00:00:00Z'),
        ],
      }),
    );
    expect(pm.summary).toMatchObject({ clientShareBefore: 2 / 3, clientShareAfter: 0.5, initiationDropped: false });
  });
});
