import { newId, sha1 } from '../platform/ids.js';
import type { AlertFinding } from './alert-rules.js';

/** What an open alert shows (severity, message, reasons), hashed: a recompute rewrites an alert only when it changed. */
export function alertContentHash(severity: string, message: string, reasonsJson: string): string {
  return sha1(`${severity}\n${message}\n${reasonsJson}`);
}

/** A finding as the recompute keeps it until its write: the reasons serialized once (hashed and written), and the content hash. */
export interface PreparedFinding {
  kind: AlertFinding['kind'];
  severity: AlertFinding['severity'];
  message: string;
  reasonsJson: string;
  hash: string;
}

export function prepareFinding(finding: AlertFinding): PreparedFinding {
  const reasonsJson = JSON.stringify(finding.reasons);
  return { kind: finding.kind, severity: finding.severity, message: finding.message, reasonsJson, hash: alertContentHash(finding.severity, finding.message, reasonsJson) };
}

/** An unresolved alert as the recompute reads it. */
export interface OpenAlert {
  id: string;
  kind: string;
  state: string;
  hash: string | null;
  /** ISO time, or null. */
  snoozedUntil: string | null;
}

export interface AlertWrite {
  id: string;
  accountId: string;
  finding: PreparedFinding;
  reopen: boolean;
}

export interface AlertPlan {
  open: AlertWrite[];
  update: AlertWrite[];
  resolve: string[];
}

/**
 * What to write so the alerts of these accounts match what the rules find now (pure): a kind that
 * starts to hold opens an alert (at most one unresolved per account and kind); a kind that stops
 * holding resolves its alert (resolution 'auto'); one that still holds keeps its state
 * (acknowledged stays acknowledged) and is rewritten only when its content changed (the hash) or
 * its snooze ran out (it opens again). recompute.ts writes the plan in its one write statement.
 */
export function planAlerts(
  accounts: ReadonlyArray<{ accountId: string; open: readonly OpenAlert[]; findings: readonly PreparedFinding[] }>,
  now: Date,
): AlertPlan {
  const plan: AlertPlan = { open: [], update: [], resolve: [] };
  for (const { accountId, open, findings } of accounts) {
    const openByKind = new Map(open.map((a) => [a.kind, a]));
    for (const finding of findings) {
      const existing = openByKind.get(finding.kind);
      openByKind.delete(finding.kind);
      if (!existing) {
        plan.open.push({ id: newId(), accountId, finding, reopen: false });
        continue;
      }
      const reopen = existing.state === 'snoozed' && existing.snoozedUntil !== null && Date.parse(existing.snoozedUntil) <= now.getTime();
      if (reopen || existing.hash !== finding.hash) plan.update.push({ id: existing.id, accountId, finding, reopen });
    }
    for (const stopped of openByKind.values()) plan.resolve.push(stopped.id);
  }
  return plan;
}
