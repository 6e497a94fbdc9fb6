import { describe, expect, it } from 'vitest';
import type { AlertFinding } from './alert-rules.js';
import { alertContentHash, planAlerts, type OpenAlert } from './alerts-repo.js';

const now = new Date('2026-06-10T12:00:00Z');
const finding = (kind: AlertFinding['kind'], message = `${kind} holds`): AlertFinding => ({
  kind,
  severity: 'warning',
  message,
  reasons: [{ message: 'why', facts: [{ kind: 'touchpoint', id: 't1' }] }],
});
const hashOf = (f: AlertFinding) => alertContentHash(f.severity, f.message, JSON.stringify(f.reasons));
const open = (kind: string, patch: Partial<OpenAlert> = {}): OpenAlert => ({ id: `alert-${kind}`, kind, state: 'open', hash: null, snoozedUntil: null, ...patch });

describe('planAlerts', () => {
  it('opens a kind that starts to hold, with its content hash', () => {
    const plan = planAlerts([{ accountId: 'a1', open: [], findings: [finding('going_quiet')] }], now);
    expect(plan.open).toEqual([expect.objectContaining({ account_id: 'a1', kind: 'going_quiet', hash: hashOf(finding('going_quiet')), reopen: false })]);
    expect(plan.update).toEqual([]);
    expect(plan.resolve).toEqual([]);
  });

  it('leaves an alert alone while what it says is unchanged, and rewrites it when it changes', () => {
    const same = finding('delivery_slipping');
    const unchanged = planAlerts([{ accountId: 'a1', open: [open('delivery_slipping', { hash: hashOf(same) })], findings: [same] }], now);
    expect(unchanged).toEqual({ open: [], update: [], resolve: [] });

    const changed = finding('delivery_slipping', '3 of 5 deliverables late');
    const rewritten = planAlerts([{ accountId: 'a1', open: [open('delivery_slipping', { hash: hashOf(same), state: 'acknowledged' })], findings: [changed] }], now);
    expect(rewritten.update).toEqual([expect.objectContaining({ id: 'alert-delivery_slipping', message: '3 of 5 deliverables late', hash: hashOf(changed), reopen: false })]);
    // An alert written before content hashes existed (null) is rewritten once.
    expect(planAlerts([{ accountId: 'a1', open: [open('delivery_slipping')], findings: [same] }], now).update).toHaveLength(1);
  });

  it('opens a snoozed alert again once the snooze ran out, not before', () => {
    const f = finding('too_cosy');
    const snoozed = (until: string) => planAlerts([{ accountId: 'a1', open: [open('too_cosy', { state: 'snoozed', hash: hashOf(f), snoozedUntil: until })], findings: [f] }], now);
    expect(snoozed('2026-06-10T11:59:59+00:00').update).toEqual([expect.objectContaining({ id: 'alert-too_cosy', reopen: true })]);
    expect(snoozed('2026-06-11T00:00:00+00:00').update).toEqual([]);
  });

  it('resolves the kinds that stopped holding, per account', () => {
    const plan = planAlerts(
      [
        { accountId: 'a1', open: [open('going_quiet', { id: 'q1' }), open('single_threaded', { id: 's1', hash: hashOf(finding('single_threaded')) })], findings: [finding('single_threaded')] },
        { accountId: 'a2', open: [open('going_quiet', { id: 'q2' })], findings: [] },
      ],
      now,
    );
    expect(plan.resolve.sort()).toEqual(['q1', 'q2']);
    expect(plan.open).toEqual([]);
    expect(plan.update).toEqual([]);
  });
});
