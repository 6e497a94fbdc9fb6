import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { exactErrorsOf } from '../../api/client';
import { keys } from '../../api/queries';
import type { Alert, AlertAction } from '../../api/types';
import { AlertStateBadge, SeverityBadge } from '../../components/badges';
import { FactList } from '../../components/fact-link';
import { FormError } from '../../components/form-error';
import { useSession } from '../../session';
import { ALERT_KIND_LABELS, formatDate, formatDateTime, formatDatesIn, formatRelative, localDay, theFacts } from '../../format';

export type AlertActionName = AlertAction['action'];

const ACTION_LABELS: Record<AlertActionName, string> = { acknowledge: 'Acknowledge', snooze: 'Snooze', resolve: 'Resolve' };
const ACTION_KEYS: Record<AlertActionName, string> = { acknowledge: 'a', snooze: 's', resolve: 'r' };

/** 9:00 in the browser's time zone, `days` from today. */
function morningIn(days: number): Date {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(9, 0, 0, 0);
  return d;
}

/** Next Monday, 9:00 (a week from today when today is Monday). */
function nextMonday(): Date {
  const today = new Date().getDay();
  return morningIn(((8 - today) % 7) || 7);
}

type SnoozeChoice = 'tomorrow' | 'next_week' | 'pick';

/**
 * Whether Acknowledge is offered (button and key a). Not once someone acknowledged it: a snooze
 * records an acknowledgement too (acknowledgedAt, kept by the API), and acknowledging a snoozed
 * alert again would only wake it early. An alert whose snooze ran out is open again: offered.
 */
export function canAcknowledge(alert: Alert): boolean {
  return alert.state === 'open' || (alert.state === 'snoozed' && alert.acknowledgedAt === null);
}

interface AlertCardProps {
  alert: Alert;
  /** Show the account's name (on the alerts screen; not on the account's own page). */
  showAccount?: boolean;
  /** The action whose form is open, when the parent drives it (the alerts screen's a / s / r). */
  action?: AlertActionName | null;
  onActionChange?: (action: AlertActionName | null) => void;
  selected?: boolean;
  onSelect?: () => void;
  /** Said once an action is done ("Acknowledged."), with the alert as saved (to move the focus on). */
  onDone?: (message: string, saved: Alert) => void;
  /** In a narrow column: the facts behind each reason fold away behind a button. */
  compact?: boolean;
}

/**
 * One alert: its severity, kind, account, message and reasons with the facts behind them; who
 * acknowledged, snoozed or resolved it; and the three actions, each with an optional note.
 */
export function AlertCard({ alert, showAccount = false, action: controlled, onActionChange, selected = false, onSelect, onDone, compact = false }: AlertCardProps) {
  const { canWrite } = useSession();
  const [own, setOwn] = useState<AlertActionName | null>(null);
  const action = controlled === undefined ? own : controlled;
  const setAction = (next: AlertActionName | null) => (onActionChange ? onActionChange(next) : setOwn(next));
  const resolved = alert.state === 'resolved';
  const headingId = useId();
  const cardRef = useRef<HTMLElement>(null);
  // After Cancel or Escape, the focus goes back to the button of the action whose form it was (the
  // form and its focused field are gone): where a mouse user clicked, where a key user would have.
  const refocus = useRef<AlertActionName | null>(null);
  useEffect(() => {
    if (action || !refocus.current) return;
    const button = cardRef.current?.querySelector<HTMLElement>(`[data-action="${refocus.current}"]`);
    refocus.current = null;
    (button ?? cardRef.current)?.focus();
  }, [action]);

  return (
    <article
      ref={cardRef}
      // Focusable from script only: where the focus lands after an action (focus-after-action.ts).
      tabIndex={-1}
      className={`alert-card alert-card--${alert.severity} alert-card--${alert.state}${selected ? ' alert-card--selected' : ''}`}
      aria-labelledby={headingId}
      data-alert-id={alert.id}
      data-testid="alert-card"
      onClick={onSelect}
    >
      <div className="alert-card__head">
        <SeverityBadge severity={alert.severity} />
        <h3 className="alert-card__kind" id={headingId}>
          {ALERT_KIND_LABELS[alert.kind] ?? alert.kind}
          {showAccount && (
            <>
              <span className="muted"> · </span>
              <Link to={`/accounts/${alert.accountId}`} className="alert-card__account" onClick={(e) => e.stopPropagation()}>
                {alert.accountName}
              </Link>
            </>
          )}
        </h3>
        <AlertStateBadge state={alert.state} />
        <span className="alert-card__when muted" title={formatDateTime(alert.raisedAt)}>
          raised {formatRelative(alert.raisedAt)}
        </span>
      </div>
      <p className="alert-card__message">{formatDatesIn(alert.message)}</p>
      {alert.reasons.length > 0 && (
        <ul className="alert-card__reasons">
          {alert.reasons.map((r, i) => (
            <li key={i}>
              {formatDatesIn(r.message)}
              {compact ? <FoldedFacts accountId={alert.accountId} facts={r.facts} /> : <FactList accountId={alert.accountId} facts={r.facts} limit={6} />}
            </li>
          ))}
        </ul>
      )}
      <AlertHistory alert={alert} />
      {canWrite && !resolved && (
        <>
          {action ? (
            <AlertActionForm
              alert={alert}
              action={action}
              onCancel={() => {
                refocus.current = action;
                setAction(null);
              }}
              onDone={(message, saved) => {
                setAction(null);
                onDone?.(message, saved);
              }}
            />
          ) : (
            <div className="alert-card__actions">
              {(['acknowledge', 'snooze', 'resolve'] as const)
                .filter((a) => a !== 'acknowledge' || canAcknowledge(alert))
                .map((a) => (
                  <button
                    key={a}
                    type="button"
                    data-action={a}
                    className="button button--small"
                    aria-keyshortcuts={selected ? ACTION_KEYS[a] : undefined}
                    onClick={(e) => {
                      e.stopPropagation();
                      onSelect?.();
                      setAction(a);
                    }}
                  >
                    {ACTION_LABELS[a]}
                    <span className="visually-hidden"> {ALERT_KIND_LABELS[alert.kind]}</span>
                    {selected && (
                      <kbd className="button__kbd" aria-hidden="true">
                        {ACTION_KEYS[a]}
                      </kbd>
                    )}
                  </button>
                ))}
            </div>
          )}
        </>
      )}
    </article>
  );
}

/** The facts behind a reason, on demand. */
function FoldedFacts({ accountId, facts }: { accountId: string; facts: Alert['reasons'][number]['facts'] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (facts.length === 0) return null;
  return (
    <>
      {' '}
      <button type="button" className="link-button alert-card__facts-toggle" aria-expanded={open} aria-controls={id} onClick={(e) => {
        e.stopPropagation();
        setOpen((o) => !o);
      }}>
        {open ? 'Hide' : 'Show'} {theFacts(facts)}
      </button>
      {open && (
        <div id={id}>
          <FactList accountId={accountId} facts={facts} limit={50} />
        </div>
      )}
    </>
  );
}

/** Who did what with the alert, and the note left with it. */
function AlertHistory({ alert }: { alert: Alert }) {
  const parts: string[] = [];
  if (alert.acknowledgedAt) parts.push(`Acknowledged${alert.acknowledgedBy ? ` by ${alert.acknowledgedBy.name}` : ''} ${formatRelative(alert.acknowledgedAt)}`);
  if (alert.state === 'snoozed' && alert.snoozedUntil) parts.push(`snoozed until ${formatDateTime(alert.snoozedUntil)}`);
  if (alert.resolvedAt) {
    parts.push(
      alert.resolution === 'auto'
        ? `resolved by itself ${formatRelative(alert.resolvedAt)} (the rule stopped holding)`
        : `resolved${alert.resolvedBy ? ` by ${alert.resolvedBy.name}` : ''} ${formatRelative(alert.resolvedAt)}${
            alert.clearedOn === null ? ' (it stays resolved while the rule holds, unless it gets worse)' : ''
          }`,
    );
  }
  if (parts.length === 0 && !alert.note) {
    return alert.state === 'open' ? <p className="alert-card__history alert-card__history--none">Nobody has acted on it yet.</p> : null;
  }
  const text = parts.join(', ');
  return (
    <p className="alert-card__history">
      {text && `${text.charAt(0).toUpperCase()}${text.slice(1)}.`}
      {alert.note && <span className="alert-card__note"> “{alert.note}”</span>}
    </p>
  );
}

/**
 * The form of one action: an optional note (Enter does it), and for a snooze when it should come
 * back: tomorrow, next Monday or a day picked (9:00 local time). Escape cancels.
 */
function AlertActionForm({ alert, action, onCancel, onDone }: { alert: Alert; action: AlertActionName; onCancel: () => void; onDone: (message: string, saved: Alert) => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [choice, setChoice] = useState<SnoozeChoice>('tomorrow');
  const [picked, setPicked] = useState(() => localDay(morningIn(3)));
  const noteId = useId();
  const dateId = useId();
  const act = useMutation({
    mutationFn: (input: AlertAction) => api.alerts.act(alert.id, input),
    onSuccess: async (saved) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.alerts }),
        // The portfolio's open-alert counts, and "did anyone act" in a post-mortem.
        queryClient.invalidateQueries({ queryKey: keys.portfolioHealth }),
        queryClient.invalidateQueries({ queryKey: keys.postmortem(alert.accountId) }),
      ]);
      onDone(action === 'acknowledge' ? 'Alert acknowledged.' : action === 'snooze' ? `Alert snoozed until ${formatDateTime(saved.snoozedUntil ?? '')}.` : 'Alert resolved.', saved);
    },
  });

  const until = (): string => {
    if (choice === 'tomorrow') return morningIn(1).toISOString();
    if (choice === 'next_week') return nextMonday().toISOString();
    const [y, m, d] = picked.split('-').map(Number);
    if (!y || !m || !d) return picked;
    return new Date(y, m - 1, d, 9, 0, 0, 0).toISOString();
  };

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (act.isPending) return;
    const text = note.trim() || undefined;
    act.mutate(action === 'snooze' ? { action, until: until(), note: text } : { action, note: text });
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      submit();
    }
  }

  const untilErrors = [...(exactErrorsOf(act.error, 'until') ?? []), ...(exactErrorsOf(act.error, 'body.until') ?? [])];
  const noteErrors = [...(exactErrorsOf(act.error, 'note') ?? []), ...(exactErrorsOf(act.error, 'body.note') ?? [])];
  const tomorrow = morningIn(1);
  const monday = nextMonday();
  return (
    <form className="alert-action" onSubmit={submit} onKeyDown={onKeyDown} onClick={(e) => e.stopPropagation()} aria-label={`${ACTION_LABELS[action]} this alert`}>
      <FormError error={act.error} fields={['until', 'body.until', 'note', 'body.note']} />
      {action === 'snooze' && (
        <fieldset className={`choice alert-action__when${untilErrors.length ? ' field--invalid' : ''}`}>
          <legend>Bring it back</legend>
          <div className="choice__options">
            {(
              [
                ['tomorrow', 'Tomorrow', formatDate(localDay(tomorrow))],
                ['next_week', 'Next week', formatDate(localDay(monday))],
                ['pick', 'Pick a day', ''],
              ] as const
            ).map(([value, label, hint], i) => (
              <label key={value} className={`choice__option${choice === value ? ' choice__option--on' : ''}`}>
                <input type="radio" name={`snooze-${alert.id}`} value={value} checked={choice === value} onChange={() => setChoice(value)} autoFocus={i === 0} />
                <span>{label}</span>
                {hint && <span className="muted alert-action__hint">{hint}</span>}
              </label>
            ))}
            {choice === 'pick' && (
              <span className="alert-action__date">
                <label htmlFor={dateId} className="visually-hidden">
                  Snooze until
                </label>
                <input id={dateId} type="date" value={picked} min={localDay(tomorrow)} onChange={(e) => setPicked(e.target.value)} aria-invalid={untilErrors.length > 0} />
              </span>
            )}
          </div>
          {untilErrors.length > 0 && (
            <p className="field__error" data-field-error="">
              {untilErrors.join(' · ')}
            </p>
          )}
        </fieldset>
      )}
      <div className={`field alert-action__note${noteErrors.length ? ' field--invalid' : ''}`}>
        <label htmlFor={noteId}>Note (optional)</label>
        <input
          id={noteId}
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          placeholder={action === 'resolve' ? 'e.g. Sent the missing report; client happy' : 'e.g. Calling Jane on Monday'}
          autoFocus={action !== 'snooze'}
          aria-invalid={noteErrors.length > 0}
        />
        {noteErrors.length > 0 && (
          <p className="field__error" data-field-error="">
            {noteErrors.join(' · ')}
          </p>
        )}
      </div>
      <div className="form-actions alert-action__buttons">
        <button type="submit" className="button button--primary" disabled={act.isPending}>
          {act.isPending ? 'Saving…' : ACTION_LABELS[action]}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={act.isPending}>
          Cancel
        </button>
        <span className="muted alert-action__keys" aria-hidden="true">
          <kbd>Enter</kbd> {ACTION_LABELS[action].toLowerCase()} · <kbd>Esc</kbd> cancel
        </span>
      </div>
    </form>
  );
}
