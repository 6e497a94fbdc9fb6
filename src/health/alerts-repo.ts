import { newId, sha1 } from '../platform/ids.js';
import { SEVERITY_RANK, type AlertFinding } from './alert-rules.js';

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
  /** Keeps an open alert open, opens none (the rule's hold band). */
  holdOnly: boolean;
}

export function prepareFinding(finding: AlertFinding): PreparedFinding {
  const reasonsJson = JSON.stringify(finding.reasons);
  return {
    kind: finding.kind,
    severity: finding.severity,
    message: finding.message,
    reasonsJson,
    hash: alertContentHash(finding.severity, finding.message, reasonsJson),
    holdOnly: finding.holdOnly === true,
  };
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

/**
 * An alert resolved by hand while its rule still held: it stands for its kind until the rule stops
 * holding, so the next recompute does not open the same alert again (decision 0012).
 */
export interface Dismissal {
  id: string;
  kind: string;
  severity: AlertFinding['severity'];
}

export interface AlertPlan {
  open: AlertWrite[];
  update: AlertWrite[];
  resolve: string[];
  /** Dismissals that end: their rule stopped holding, or a worse alert of their kind opened. */
  clear: string[];
}

export interface AccountAlerts {
  accountId: string;
  /** The account's unresolved alerts. */
  open: readonly OpenAlert[];
  /** Its standing dismissals (resolved by hand, rule not yet seen stopping). */
  dismissed?: readonly Dismissal[];
  findings: readonly PreparedFinding[];
}

/**
 * What to write so the alerts of these accounts match what the rules find now (pure):
 * - a kind that starts to hold opens an alert (at most one unresolved per account and kind) —
 *   unless it is only in its hold band, or an alert of its kind was resolved by hand while it held
 *   and it is no worse now (severity);
 * - a kind that stops holding resolves its alert (resolution 'auto') and ends its dismissal;
 * - one that still holds keeps its state (acknowledged stays acknowledged) and is rewritten only
 *   when its content changed (the hash) or its snooze ran out (it opens again).
 * recompute.ts writes the plan in its one write statement.
 */
export function planAlerts(accounts: readonly AccountAlerts[], now: Date): AlertPlan {
  const plan: AlertPlan = { open: [], update: [], resolve: [], clear: [] };
  for (const { accountId, open, dismissed = [], findings } of accounts) {
    const openByKind = new Map(open.map((a) => [a.kind, a]));
    const dismissedByKind = new Map(dismissed.map((d) => [d.kind, d]));
    for (const finding of findings) {
      const existing = openByKind.get(finding.kind);
      const dismissal = dismissedByKind.get(finding.kind);
      openByKind.delete(finding.kind);
      dismissedByKind.delete(finding.kind);
      if (existing) {
        const reopen = existing.state === 'snoozed' && existing.snoozedUntil !== null && Date.parse(existing.snoozedUntil) <= now.getTime();
        if (reopen || existing.hash !== finding.hash) plan.update.push({ id: existing.id, accountId, finding, reopen });
        continue;
      }
      if (finding.holdOnly) continue;
      if (dismissal) {
        if (SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[dismissal.severity]) continue;
        plan.clear.push(dismissal.id);
      }
      plan.open.push({ id: newId(), accountId, finding, reopen: false });
    }
    for (const stopped of openByKind.values()) plan.resolve.push(stopped.id);
    for (const ended of dismissedByKind.values()) plan.clear.push(ended.id);
  }
  return plan;
}
