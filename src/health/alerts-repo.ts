import { newId, sha1 } from '../platform/ids.js';
import type { AlertFinding } from './alert-rules.js';

/** What an open alert shows (severity, message, reasons), hashed: a recompute rewrites an alert only when it changed. */
export function alertContentHash(severity: string, message: string, reasonsJson: string): string {
  return sha1(`${severity}\n${message}\n${reasonsJson}`);
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
  account_id: string;
  kind: string;
  severity: string;
  message: string;
  reasons: AlertFinding['reasons'];
  hash: string;
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
  accounts: ReadonlyArray<{ accountId: string; open: readonly OpenAlert[]; findings: readonly AlertFinding[] }>,
  now: Date,
): AlertPlan {
  const plan: AlertPlan = { open: [], update: [], resolve: [] };
  for (const { accountId, open, findings } of accounts) {
    const openByKind = new Map(open.map((a) => [a.kind, a]));
    for (const finding of findings) {
      const hash = alertContentHash(finding.severity, finding.message, JSON.stringify(finding.reasons));
      const row = { account_id: accountId, kind: finding.kind, severity: finding.severity, message: finding.message, reasons: finding.reasons, hash };
      const existing = openByKind.get(finding.kind);
      openByKind.delete(finding.kind);
      if (!existing) {
        plan.open.push({ ...row, id: newId(), reopen: false });
        continue;
      }
      const reopen = existing.state === 'snoozed' && existing.snoozedUntil !== null && Date.parse(existing.snoozedUntil) <= now.getTime();
      if (reopen || existing.hash !== hash) plan.update.push({ ...row, id: existing.id, reopen });
    }
    for (const stopped of openByKind.values()) plan.resolve.push(stopped.id);
  }
  return plan;
}
