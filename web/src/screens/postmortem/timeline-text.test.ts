import { describe, expect, it } from 'vitest';
import type { Postmortem } from '../../api/types';
import { formatDate } from '../../format';
import { describeTimelineEntry } from './timeline-text';

const ISO_DAY = /\d{4}-\d{2}-\d{2}/;

/** A post-mortem with one record of each kind, its timeline as the server writes it. */
function postmortem(): Postmortem {
  return {
    account: { id: 'acc', name: 'Tillwise', cadenceDays: 14 },
    loss: { lostOn: '2026-10-12', reasons: ['staff_change_client', 'quality', 'relationship'], notes: '', recordedBy: null, recordedAt: '2026-10-13T09:00:00.000Z' },
    window: { from: '2026-04-16', to: '2026-10-12', days: 180 },
    summary: {
      deliverablesDue: 1,
      lateDeliverables: 1,
      targetsEvaluated: 1,
      missedTargets: 1,
      incidents: 1,
      incidentSeverityTotal: 2,
      touches: 3,
      contactGaps: 2,
      longestGapDays: 42,
      clientShareBefore: 0.4,
      clientShareAfter: 0,
      initiationDropped: true,
      firstAtRiskOn: '2026-10-04',
      atRiskDaysBeforeLoss: 8,
      alertsRaised: 2,
      alertsActedOn: 1,
    },
    lateDeliverables: [
      { id: 'd1', projectId: 'p', projectName: 'Always-on PR', title: 'Monthly report: June 2026', dueAt: '2026-07-05T17:00:00.000Z', deliveredAt: '2026-07-09T10:00:00.000Z', daysLate: 4, state: 'delivered_late' },
      { id: 'd2', projectId: 'p', projectName: 'Trade shows', title: 'Final assets', dueAt: '2026-09-29T17:00:00.000Z', deliveredAt: null, daysLate: 1, state: 'overdue' },
    ],
    missedTargets: [
      { id: 't1', projectId: null, projectName: null, metric: 'Qualified leads', periodStart: '2026-07-01', periodEnd: '2026-09-30', goal: 1390, actual: 105, higherIsBetter: true },
    ],
    incidents: [{ id: 'i1', deliverableId: null, deliverableTitle: null, kind: 'report_error', severity: 2, description: 'Last year’s rates', occurredAt: '2026-08-23T10:00:00.000Z' }],
    contactGaps: [
      { from: '2026-03-30T10:00:00.000Z', to: '2026-05-02T10:00:00.000Z', days: 33, fromTouchId: 'x', toTouchId: 'y', allowedDays: 14 },
      { from: '2026-09-18T10:00:00.000Z', to: '2026-10-13T00:00:00.000Z', days: 24, fromTouchId: 'z', toTouchId: null, allowedDays: 14 },
    ],
    initiation: [],
    health: [
      { asOf: '2026-10-03', score: 47.6, band: 'watch', modelVersion: 1 },
      { asOf: '2026-10-04', score: 44.2, band: 'at_risk', modelVersion: 1 },
    ],
    alerts: [
      {
        id: 'a1',
        kind: 'going_quiet',
        severity: 'warning',
        message: 'No touch since 2026-07-21; a touch was due by 2026-08-04',
        state: 'resolved',
        raisedOn: '2026-08-05',
        raisedAt: '2026-08-05T06:00:00.000Z',
        acknowledgedAt: '2026-08-07T09:00:00.000Z',
        acknowledgedBy: { userId: 'u', name: 'Sophie Laurent' },
        snoozedUntil: null,
        resolvedAt: '2026-10-13T00:00:00.000Z',
        resolvedBy: null,
        resolution: 'auto',
        note: '',
        response: 'acknowledged',
        actedOn: true,
        actedBeforeLoss: true,
      },
      {
        id: 'a2',
        kind: 'score_drop',
        severity: 'critical',
        message: 'The score fell 16.3 points',
        state: 'resolved',
        raisedOn: '2026-08-17',
        raisedAt: '2026-08-17T06:00:00.000Z',
        acknowledgedAt: null,
        acknowledgedBy: null,
        snoozedUntil: null,
        resolvedAt: '2026-10-13T00:00:00.000Z',
        resolvedBy: null,
        resolution: 'auto',
        note: '',
        response: 'none',
        actedOn: false,
        actedBeforeLoss: false,
      },
    ],
    timeline: [
      { at: '2026-04-16T00:00:00.000Z', kind: 'contact_gap', refId: null, message: 'No touch for 33 days (from 2026-03-30 until 2026-05-02); at most 14 were expected' },
      { at: '2026-07-05T17:00:00.000Z', kind: 'late_deliverable', refId: 'd1', message: 'Monthly report: June 2026 (Always-on PR) was due 2026-07-05: delivered 4 days late' },
      { at: '2026-08-05T06:00:00.000Z', kind: 'alert', refId: 'a1', message: 'Alert (warning): No touch since 2026-07-21; a touch was due by 2026-08-04 — acknowledged by Sophie Laurent on 2026-08-07' },
      { at: '2026-08-17T06:00:00.000Z', kind: 'alert', refId: 'a2', message: 'Alert (critical): The score fell 16.3 points — no one responded; it cleared by itself' },
      { at: '2026-08-23T10:00:00.000Z', kind: 'incident', refId: 'i1', message: 'Incident (report error, severity 2): Last year’s rates' },
      { at: '2026-09-18T10:00:00.000Z', kind: 'contact_gap', refId: null, message: 'No touch for 24 days (from 2026-09-18 until the loss); at most 14 were expected' },
      { at: '2026-09-29T17:00:00.000Z', kind: 'late_deliverable', refId: 'd2', message: 'Final assets (Trade shows) was due 2026-09-29: not delivered by the loss (1 day overdue)' },
      { at: '2026-09-30T00:00:00.000Z', kind: 'missed_target', refId: 't1', message: 'Target missed: Qualified leads was 105 for 2026-07-01 … 2026-09-30; the goal was at least 1390' },
      { at: '2026-10-04T00:00:00.000Z', kind: 'band_change', refId: null, message: 'Health went from watch to at risk (score 47.6 → 44.2)' },
      { at: '2026-10-13T00:00:00.000Z', kind: 'lost', refId: 'acc', message: 'Lost on 2026-10-12 (staff change client, quality, relationship)' },
    ],
  };
}

describe('describeTimelineEntry', () => {
  const pm = postmortem();
  const lines = pm.timeline.map((e) => describeTimelineEntry(e, pm));
  const d = (day: string) => formatDate(day);

  it('says the loss with the reasons’ labels, as the chips above it do, and the day in the app’s format', () => {
    expect(lines.at(-1)).toBe(`Lost on ${d('2026-10-12')} (Staff change at the client, Quality of work, Relationship)`);
  });

  it('writes every day of every line in the app’s format, none as ISO', () => {
    for (const line of lines) expect(line).not.toMatch(ISO_DAY);
    expect(lines).toEqual([
      `No touch for 33 days (from ${d('2026-03-30')} until ${d('2026-05-02')}); at most 14 were expected`,
      `Monthly report: June 2026 (Always-on PR) was due ${d('2026-07-05')}: delivered 4 days late`,
      `Alert (warning): No touch since ${d('2026-07-21')}; a touch was due by ${d('2026-08-04')} — acknowledged by Sophie Laurent on ${d('2026-08-07')}`,
      'Alert (critical): The score fell 16.3 points — no one responded; it cleared by itself',
      'Incident (Error in a report, severity 2): Last year’s rates',
      `No touch for 24 days (from ${d('2026-09-18')} until the loss); at most 14 were expected`,
      `Final assets (Trade shows) was due ${d('2026-09-29')}: not delivered by the loss (1 day overdue)`,
      `Target missed: Qualified leads was 105 for ${d('2026-07-01')} – ${d('2026-09-30')}; the goal was at least ${(1390).toLocaleString()}`,
      'Health went from watch to at risk (score 48 → 44)',
      `Lost on ${d('2026-10-12')} (Staff change at the client, Quality of work, Relationship)`,
    ]);
  });

  it('falls back to the server’s message, its days formatted, when the record is not in the post-mortem', () => {
    const entry = { at: '2026-06-01T00:00:00.000Z', kind: 'late_deliverable' as const, refId: 'gone', message: 'Brief was due 2026-06-01: delivered 2 days late' };
    expect(describeTimelineEntry(entry, pm)).toBe(`Brief was due ${d('2026-06-01')}: delivered 2 days late`);
  });
});
