import { describe, expect, it } from 'vitest';
import type { AlertFinding } from './alert-rules.js';
import { alertContentHash, planAlerts, prepareFinding, type OpenAlert } from './alerts-repo.js';

const now = new Date('2026-06-10T12:00:00Z');
const finding = (kind: AlertFinding['kind'], message = `${kind} holds`) =>
  prepareFinding({ kind, severity: 'warning', message, reasons: [{ message: 'why', facts: [{ kind: 'touchpoint', id: 't1' }] }] });
const hashOf = (f: ReturnType<typeof finding>) => alertContentHash(f.severity, f.message, f.reasonsJson);
const open = (kind: string, patch: Partial<OpenAlert> = {}): OpenAlert => ({ id: `alert-${kind}`, kind, state: 'open', hash: null, snoozedUntil: null, ...patch });

describe('planAlerts', () => {
  it('opens a kind that starts to hold, with its content hash', () => {
    const plan = planAlerts([{ accountId: 'a1', open: [], findings: [finding('going_quiet')] }], now);
    expect(plan.open).toEqual([expect.objectContaining({ accountId: 'a1', finding: expect.objectContaining({ kind: 'going_quiet', hash: hashOf(finding('going_quiet')) }), reopen: false })]);
    expect(plan.update).toEqual([]);
    expect(plan.resolve).toEqual([]);
  });

  it('leaves an alert alone while what it says is unchanged, and rewrites it when it changes', () => {
    const same = finding('delivery_slipping');
    const unchanged = planAlerts([{ accountId: 'a1', open: [open('delivery_slipping', { hash: hashOf(same) })], findings: [same] }], now);
    expect(unchanged).toEqual({ open: [], update: [], resolve: [], clear: [] });

    const changed = finding('delivery_slipping', '3 of 5 deliverables late');
    const rewritten = planAlerts([{ accountId: 'a1', open: [open('delivery_slipping', { hash: hashOf(same), state: 'acknowledged' })], findings: [changed] }], now);
    expect(rewritten.update).toEqual([expect.objectContaining({ id: 'alert-delivery_slipping', finding: expect.objectContaining({ message: '3 of 5 deliverables late', hash: hashOf(changed) }), reopen: false })]);
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

describe('planAlerts: the hold band and alerts resolved by hand', () => {
  const drop = (severity: AlertFinding['severity'], holdOnly = false) =>
    prepareFinding({ kind: 'score_drop', severity, message: `dropped (${severity})`, reasons: [], ...(holdOnly ? { holdOnly: true as const } : {}) });
  const dismissal = { id: 'd-score_drop', kind: 'score_drop', severity: 'warning' as const };

  it('a finding in its hold band keeps an open alert open (rewritten when it changed) but opens none', () => {
    expect(planAlerts([{ accountId: 'a1', open: [], findings: [drop('warning', true)] }], now)).toEqual({ open: [], update: [], resolve: [], clear: [] });
    const held = planAlerts([{ accountId: 'a1', open: [open('score_drop', { hash: 'older words' })], findings: [drop('warning', true)] }], now);
    expect(held.resolve).toEqual([]);
    expect(held.update).toEqual([expect.objectContaining({ id: 'alert-score_drop' })]);
  });

  it('opens no alert of a kind resolved by hand while its rule still holds, nor clears the resolution', () => {
    expect(planAlerts([{ accountId: 'a1', open: [], dismissed: [dismissal], findings: [drop('warning')] }], now)).toEqual({ open: [], update: [], resolve: [], clear: [] });
    // Less severe than when it was resolved: still nothing.
    expect(planAlerts([{ accountId: 'a1', open: [], dismissed: [{ ...dismissal, severity: 'critical' }], findings: [drop('warning')] }], now).open).toEqual([]);
    // In the hold band: nothing either.
    expect(planAlerts([{ accountId: 'a1', open: [], dismissed: [dismissal], findings: [drop('warning', true)] }], now).clear).toEqual([]);
  });

  it('opens it again when it gets worse, and ends the old resolution', () => {
    const plan = planAlerts([{ accountId: 'a1', open: [], dismissed: [dismissal], findings: [drop('critical')] }], now);
    expect(plan.open).toEqual([expect.objectContaining({ accountId: 'a1', finding: expect.objectContaining({ kind: 'score_drop', severity: 'critical' }) })]);
    expect(plan.clear).toEqual(['d-score_drop']);
  });

  it('ends the resolution once the rule stops holding, so the next time it holds opens a new alert; other kinds are not held back', () => {
    const stopped = planAlerts([{ accountId: 'a1', open: [], dismissed: [dismissal], findings: [finding('going_quiet')] }], now);
    expect(stopped.clear).toEqual(['d-score_drop']);
    expect(stopped.open).toEqual([expect.objectContaining({ finding: expect.objectContaining({ kind: 'going_quiet' }) })]);
    // Another account's resolution holds nothing back here.
    const other = planAlerts(
      [
        { accountId: 'a1', open: [], findings: [drop('warning')] },
        { accountId: 'a2', open: [], dismissed: [dismissal], findings: [drop('warning')] },
      ],
      now,
    );
    expect(other.open.map((w) => w.accountId)).toEqual(['a1']);
  });
});

describe('prepareFinding', () => {
  it('serializes the reasons once and hashes what the alert shows: a change of any part changes the hash', () => {
    const base = { kind: 'too_cosy' as const, severity: 'warning' as const, message: 'Frequent, "warm" contact', reasons: [{ message: 'why', facts: [{ kind: 'touchpoint' as const, id: 't1' }] }] };
    const prepared = prepareFinding(base);
    expect(JSON.parse(prepared.reasonsJson)).toEqual(base.reasons);
    expect(prepared.hash).toBe(alertContentHash('warning', base.message, prepared.reasonsJson));
    const hashes = new Set([
      prepared.hash,
      prepareFinding({ ...base, severity: 'critical' }).hash,
      prepareFinding({ ...base, message: 'Frequent contact' }).hash,
      prepareFinding({ ...base, reasons: [{ message: 'why', facts: [{ kind: 'touchpoint', id: 't2' }] }] }).hash,
    ]);
    expect(hashes.size).toBe(4);
  });
});
