import type { AccountStatus, AlertState, Band, DeliverableState, Severity } from '../api/types';
import { ALERT_STATE_LABELS, BAND_LABELS, DELIVERABLE_STATE_LABELS, SEVERITY_LABELS, STATUS_LABELS, formatCount, formatScore } from '../format';
import { alertCountWords, highestSeverity, type SeverityCounts } from './alert-count';

export function StatusBadge({ status }: { status: AccountStatus }) {
  return <span className={`badge badge--status badge--${status}`}>{STATUS_LABELS[status]}</span>;
}

export function ConfidentialBadge() {
  return (
    <span className="badge badge--confidential" title="Confidential: may not be named in public">
      Confidential
    </span>
  );
}

/** A health band as a coloured badge: green healthy, amber watch, red at risk. */
export function BandBadge({ band }: { band: Band }) {
  return <span className={`badge badge--band badge--band-${band}`}>{BAND_LABELS[band]}</span>;
}

/** The score in its band's colour, with the band said for screen readers. */
export function ScoreBadge({ score, band, size = 'normal' }: { score: number; band: Band; size?: 'normal' | 'large' }) {
  return (
    <span className={`score score--${band}${size === 'large' ? ' score--large' : ''}`} title={`${BAND_LABELS[band]}: ${formatScore(score)} of 100`}>
      {formatScore(score)}
      <span className="visually-hidden"> of 100, {BAND_LABELS[band]}</span>
    </span>
  );
}

/**
 * In place of a score when no weighted component has data (a new account with no facts yet): no
 * number and no colour of a band, so the model's neutral score is not read as a verdict (decision 0024).
 */
export function NoScoreBadge({ size = 'normal' }: { size?: 'normal' | 'large' }) {
  return (
    <span className={`score score--none${size === 'large' ? ' score--large' : ''}`} title="No score yet: not enough data">
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">No score yet: not enough data</span>
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge badge--severity badge--severity-${severity}`}>{SEVERITY_LABELS[severity]}</span>;
}

/**
 * A count of alerts in the colour of the highest severity it counts — info neutral, warning amber,
 * critical red — with the same said in words (hidden text and title), so the colour is not the only
 * carrier: "3 to work on: 1 critical, 2 info". `hidden`: an enclosing label says it instead (the
 * header's link names itself with these words).
 */
export function AlertCountBadge({ total, severity, words, hidden = false, className = '', testId }: AlertCountProps) {
  return (
    <span
      className={`alert-count alert-count--${severity ?? 'none'}${className ? ` ${className}` : ''}`}
      title={`${formatCount(total)} ${words}`}
      aria-hidden={hidden || undefined}
      data-testid={testId}
      data-severity={severity ?? 'none'}
    >
      {hidden && total > 99 ? '99+' : formatCount(total)}
      {!hidden && <span className="visually-hidden"> {words}</span>}
    </span>
  );
}

interface AlertCountProps {
  total: number;
  /** The highest severity counted; null without any. */
  severity: Severity | null;
  /** What the number counts and of which severities, after it: "to work on: 1 critical, 2 info". */
  words: string;
  hidden?: boolean;
  className?: string;
  testId?: string;
}

/** A badge for alerts counted per severity. */
export function AlertCountBySeverity({ counts, what, ...rest }: { counts: SeverityCounts; what?: string } & Omit<AlertCountProps, 'total' | 'severity' | 'words'>) {
  const total = (counts.critical ?? 0) + (counts.warning ?? 0) + (counts.info ?? 0);
  return <AlertCountBadge total={total} severity={highestSeverity(counts)} words={alertCountWords(counts, what)} {...rest} />;
}

export function AlertStateBadge({ state }: { state: AlertState }) {
  return <span className={`badge badge--alert-state badge--alert-${state}`}>{ALERT_STATE_LABELS[state]}</span>;
}

/** Where a deliverable stands: overdue red, delivered late amber, on time green, due today blue. */
export function DeliverableStateBadge({ state, daysLate }: { state: DeliverableState; daysLate: number | null }) {
  const late = (state === 'overdue' || state === 'delivered_late') && daysLate ? ` · ${daysLate} ${daysLate === 1 ? 'day' : 'days'}` : '';
  return (
    <span className={`badge badge--deliverable badge--deliverable-${state}`}>
      {DELIVERABLE_STATE_LABELS[state]}
      {late}
    </span>
  );
}

/** A target's verdict: met, missed, or not measured yet. */
export function TargetBadge({ met }: { met: boolean | null }) {
  if (met === null) return <span className="badge badge--target-pending">Not measured</span>;
  return met ? <span className="badge badge--target-met">Met</span> : <span className="badge badge--target-missed">Missed</span>;
}
