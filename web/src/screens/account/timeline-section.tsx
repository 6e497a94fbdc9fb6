import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { CHANNELS, DIRECTIONS, TIMELINE_KINDS, type Account, type Channel, type Direction, type TimelineEntry, type TimelineKind, type Touchpoint } from '../../api/types';
import { useSession } from '../../session';
import { ChannelIcon } from '../../components/channel-icon';
import { ConfirmButton } from '../../components/confirm-button';
import { FormError } from '../../components/form-error';
import { DeliverableStateBadge, TargetBadge } from '../../components/badges';
import {
  CHANNEL_LABELS,
  DIRECTION_LABELS,
  DIRECTION_SHORT,
  INCIDENT_KIND_LABELS,
  PROJECT_STATUS_LABELS,
  SEVERITY_POINTS_LABELS,
  SOURCE_LABELS,
  formatDate,
  formatDateTime,
  formatRelative,
} from '../../format';
import { focusAfterRemoving } from './keep-focus';

export const TIMELINE_PAGE = 25;
const LONG_SUMMARY = 320;

function readFilter<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((x) => x === value);
}

const KIND_FILTER_LABELS: Record<TimelineKind, string> = {
  touchpoint: 'Touchpoints',
  deliverable: 'Deliverables',
  target: 'Targets',
  incident: 'Incidents',
  project: 'Projects',
};

/** The id of the record an entry holds, whatever its kind. */
function entryId(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'touchpoint':
      return entry.touchpoint.id;
    case 'project':
      return entry.project.id;
    case 'deliverable':
      return entry.deliverable.id;
    case 'target':
      return entry.target.id;
    case 'incident':
      return entry.incident.id;
  }
}

interface TimelineSectionProps {
  account: Account;
  onLog: (() => void) | undefined;
  onEdit: (touchpoint: Touchpoint) => void;
  onDelete: (touchpoint: Touchpoint) => Promise<void>;
  /** The last thing done, said to screen readers and shown briefly ("Touchpoint logged."). */
  notice: string;
  /** A touchpoint to find (a fact link points at it): older pages load until it is there. */
  seekTouchpointId?: string | undefined;
}

/**
 * The account's timeline, newest first, a page at a time (more load as the end scrolls into view,
 * or with the button); filters for channel and who started it live in the URL.
 */
export function TimelineSection({ account, onLog, onEdit, onDelete, notice, seekTouchpointId }: TimelineSectionProps) {
  const [params, setParams] = useSearchParams();
  const kind = readFilter<TimelineKind>(params.get('kind'), TIMELINE_KINDS);
  const touchpointsShown = !kind || kind === 'touchpoint';
  // Channel and direction describe touchpoints: they apply only when touchpoints are shown.
  const channel = touchpointsShown ? readFilter<Channel>(params.get('channel'), CHANNELS) : undefined;
  const direction = touchpointsShown ? readFilter<Direction>(params.get('direction'), DIRECTIONS) : undefined;
  const setFilter = (key: 'channel' | 'direction' | 'kind', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const timeline = useInfiniteQuery({
    queryKey: [...keys.timeline(account.id), { kind, channel, direction }],
    queryFn: ({ pageParam, signal }) => api.touchpoints.timeline(account.id, { kind, channel, direction, limit: TIMELINE_PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(kind || channel || direction);

  // The end of the list coming into view loads the next page.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    // A screenful early, so scrolling rarely waits.
    const observer = new IntersectionObserver(
      (seen) => {
        if (seen.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '0px 0px 600px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // A link to a touchpoint further back: load older pages until it is in the list (the page then scrolls to it).
  const sought = seekTouchpointId ? entries.some((e) => e.kind === 'touchpoint' && e.touchpoint.id === seekTouchpointId) : true;
  useEffect(() => {
    if (!sought && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [sought, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <div className="section-head">
        <h2 id="timeline-title" tabIndex={-1}>
          Timeline
        </h2>
      </div>
      <div className="timeline__filters" role="group" aria-label="Filter the timeline">
        <div className="chips" role="group" aria-label="What to show">
          <button type="button" className="chip" aria-pressed={!kind} onClick={() => setFilter('kind', '')}>
            Everything
          </button>
          {TIMELINE_KINDS.map((k) => (
            <button key={k} type="button" className="chip" aria-pressed={kind === k} onClick={() => setFilter('kind', k)}>
              {KIND_FILTER_LABELS[k]}
            </button>
          ))}
        </div>
      </div>
      {touchpointsShown && (
      <div className="timeline__filters" role="group" aria-label="Filter the touchpoints">
        <label className="toolbar__select">
          <span className="visually-hidden">Channel</span>
          <select value={channel ?? ''} onChange={(e) => setFilter('channel', e.target.value)} aria-label="Channel">
            <option value="">All channels</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <div className="chips" role="group" aria-label="Who started it">
          {([['', 'Both ways'], ['client_initiated', DIRECTION_SHORT.client_initiated], ['agency_initiated', DIRECTION_SHORT.agency_initiated]] as const).map(
            ([value, label]) => (
              <button key={value} type="button" className="chip" aria-pressed={(direction ?? '') === value} onClick={() => setFilter('direction', value)}>
                {label}
                {value && <span className="visually-hidden"> ({DIRECTION_LABELS[value]})</span>}
              </button>
            ),
          )}
        </div>
      </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      {timeline.isPending && <p role="status">Loading the timeline…</p>}
      {timeline.isError && (
        <div className="alert alert--error" role="alert">
          The timeline could not be loaded: {timeline.error.message}{' '}
          <button type="button" className="button" onClick={() => void timeline.refetch()}>
            Try again
          </button>
        </div>
      )}
      {timeline.isSuccess && entries.length === 0 && (
        <div className="empty-state empty-state--small" data-testid="timeline-empty">
          {filtered ? (
            <p>
              <strong>Nothing matches these filters.</strong>{' '}
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  const next = new URLSearchParams(params);
                  next.delete('kind');
                  next.delete('channel');
                  next.delete('direction');
                  setParams(next, { replace: true });
                }}
              >
                Show everything
              </button>
            </p>
          ) : (
            <>
              <p>
                <strong>No touchpoints yet.</strong>{' '}
                {onLog ? (
                  <>
                    Log a call, meeting or e-mail with {account.name} (press <kbd>t</kbd>), import them from a CSV or calendar file, or BCC the
                    workspace&rsquo;s intake address on your mail.
                  </>
                ) : (
                  'Touchpoints arrive when someone logs them, imports them, or BCCs the intake address.'
                )}
              </p>
              {onLog && (
                <button type="button" className="button button--primary" onClick={onLog}>
                  Log the first touchpoint
                </button>
              )}
            </>
          )}
        </div>
      )}
      {entries.length > 0 && (
        <ol className="timeline__list">
          {entries.map((entry) =>
            entry.kind === 'touchpoint' ? (
              <TimelineItem key={`touchpoint-${entry.touchpoint.id}`} touchpoint={entry.touchpoint} onEdit={onEdit} onDelete={onDelete} />
            ) : (
              <LedgerItem key={`${entry.kind}-${entryId(entry)}`} entry={entry} />
            ),
          )}
        </ol>
      )}
      <div ref={sentinel} />
      {hasNextPage && (
        <button type="button" className="button button--block" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
          {isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      {timeline.isSuccess && !hasNextPage && entries.length > TIMELINE_PAGE && <p className="muted timeline__end">That is everything.</p>}
    </section>
  );
}

function TimelineItem({ touchpoint: t, onEdit, onDelete }: { touchpoint: Touchpoint; onEdit: (t: Touchpoint) => void; onDelete: (t: Touchpoint) => Promise<void> }) {
  const { canWrite } = useSession();
  const [expanded, setExpanded] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const long = t.summary.length > LONG_SUMMARY;
  const title = t.subject || `${CHANNEL_LABELS[t.channel]} ${t.direction === 'client_initiated' ? 'from the client' : 'to the client'}`;
  return (
    <li className={`tp tp--${t.direction}`} data-touchpoint-id={t.id} id={`touchpoint-${t.id}`} tabIndex={-1}>
      <div className={`tp__icon tp__icon--${t.channel}`}>
        <ChannelIcon channel={t.channel} />
      </div>
      <div className="tp__body">
        <div className="tp__meta">
          <span className="tp__channel">{CHANNEL_LABELS[t.channel]}</span>
          <span className={`direction direction--${t.direction}`} title={DIRECTION_LABELS[t.direction]}>
            <span aria-hidden="true">{DIRECTION_SHORT[t.direction]}</span>
            <span className="visually-hidden">{DIRECTION_LABELS[t.direction]}</span>
          </span>
          <time dateTime={t.occurredAt} title={formatRelative(t.occurredAt)}>
            {formatDateTime(t.occurredAt)}
          </time>
          {t.durationMinutes !== null && <span className="muted">{t.durationMinutes} min</span>}
          <span className={`badge badge--source badge--source-${t.source}`}>{SOURCE_LABELS[t.source]}</span>
        </div>
        <h3 className="tp__subject">{title}</h3>
        {t.summary && (
          <p className={`tp__summary${long && !expanded ? ' tp__summary--clamped' : ''}`}>
            {long && !expanded ? `${t.summary.slice(0, LONG_SUMMARY).trimEnd()}…` : t.summary}
          </p>
        )}
        {long && (
          <button type="button" className="button button--quiet tp__more" aria-expanded={expanded} onClick={() => setExpanded((x) => !x)}>
            {expanded ? 'Show less' : 'Show all'}
          </button>
        )}
        {(t.contacts.length > 0 || t.members.length > 0) && (
          <p className="tp__people">
            {t.contacts.length > 0 && (
              <span>
                <span className="muted">With </span>
                {t.contacts.map((c) => c.name).join(', ')}
              </span>
            )}
            {t.members.length > 0 && (
              <span>
                <span className="muted">Team </span>
                {t.members.map((m) => m.name).join(', ')}
              </span>
            )}
          </p>
        )}
        <FormError error={error} />
      </div>
      {canWrite && (
        <div className="tp__actions">
          <button type="button" className="button button--quiet" onClick={() => onEdit(t)}>
            Edit<span className="visually-hidden"> {title}</span>
          </button>
          <ConfirmButton
            question="Delete this touchpoint?"
            confirmLabel="Delete"
            busy={deleting}
            onConfirm={async () => {
              setDeleting(true);
              setError(null);
              const refocus = focusAfterRemoving(`touchpoint-${t.id}`, ['timeline-title']);
              try {
                await onDelete(t);
                refocus();
              } catch (e) {
                setError(e);
                setDeleting(false);
              }
            }}
          >
            Delete<span className="visually-hidden"> {title}</span>
          </ConfirmButton>
        </div>
      )}
    </li>
  );
}

/** Line drawings for the ledger's entries, in the style of the channel icons. */
const LEDGER_PATHS: Record<Exclude<TimelineKind, 'touchpoint'>, string[]> = {
  project: ['M3 7.5A1.5 1.5 0 0 1 4.5 6H9l2 2h8.5A1.5 1.5 0 0 1 21 9.5v8a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z'],
  deliverable: ['M4 8l8-4 8 4v8l-8 4-8-4z', 'M4 8l8 4 8-4', 'M12 12v8'],
  target: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M12 12.5a.5.5 0 1 0 0-1 .5.5 0 0 0 0 1z'],
  incident: ['M12 4 21 19.5H3z', 'M12 10v4.5', 'M12 17.2v.1'],
};

function LedgerIcon({ kind }: { kind: Exclude<TimelineKind, 'touchpoint'> }) {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {LEDGER_PATHS[kind].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

/** A project, deliverable, target or incident on the timeline; the delivery section is where they are changed. */
function LedgerItem({ entry }: { entry: Exclude<TimelineEntry, { kind: 'touchpoint' }> }) {
  const id = entryId(entry);
  const location = useLocation();
  let tone = '';
  let label = '';
  let title = '';
  let meta: ReactNode = null;
  let body: string | null = null;
  switch (entry.kind) {
    case 'project': {
      const p = entry.project;
      label = 'Project';
      title = p.name;
      meta = <span className={`badge badge--project-${p.status}`}>{PROJECT_STATUS_LABELS[p.status]}</span>;
      body = p.brief || null;
      break;
    }
    case 'deliverable': {
      const d = entry.deliverable;
      label = d.deliveredAt ? 'Delivered' : 'Due';
      title = d.title;
      tone = d.state;
      meta = (
        <>
          <DeliverableStateBadge state={d.state} daysLate={d.daysLate} />
          <span className="muted">{d.projectName}</span>
          {d.deliveredAt && <span className="muted">due {formatDateTime(d.dueAt)}</span>}
        </>
      );
      break;
    }
    case 'target': {
      const t = entry.target;
      label = 'Target';
      title = t.metric;
      tone = t.met === null ? 'pending' : t.met ? 'met' : 'missed';
      meta = (
        <>
          <TargetBadge met={t.met} />
          <span className="muted">
            goal {t.goal.toLocaleString()}
            {t.actual !== null && `, actual ${t.actual.toLocaleString()}`} · {formatDate(t.periodStart)} – {formatDate(t.periodEnd)}
          </span>
        </>
      );
      break;
    }
    case 'incident': {
      const i = entry.incident;
      label = 'Incident';
      title = INCIDENT_KIND_LABELS[i.kind] ?? i.kind;
      tone = `severity-${i.severity}`;
      meta = (
        <>
          <span className={`badge badge--incident-severity-${i.severity}`}>{SEVERITY_POINTS_LABELS[i.severity] ?? i.severity}</span>
          {i.deliverableTitle && <span className="muted">{i.deliverableTitle}</span>}
        </>
      );
      body = i.description || null;
      break;
    }
  }
  const day = entry.at.endsWith('T00:00:00.000Z') || entry.at.endsWith('T00:00:00Z');
  return (
    <li className={`tp tp--ledger tp--${entry.kind}${tone ? ` tp--${entry.kind}-${tone}` : ''}`} id={`timeline-${entry.kind}-${id}`} data-entry-kind={entry.kind}>
      <div className={`tp__icon tp__icon--${entry.kind}`}>
        <LedgerIcon kind={entry.kind} />
      </div>
      <div className="tp__body">
        <div className="tp__meta">
          <span className="tp__channel">{label}</span>
          <time dateTime={entry.at} title={formatRelative(entry.at)}>
            {day ? formatDate(entry.at.slice(0, 10)) : formatDateTime(entry.at)}
          </time>
          {meta}
        </div>
        <h3 className="tp__subject">
          <Link to={{ pathname: location.pathname, search: location.search, hash: `${entry.kind}-${id}` }} className="tp__ledger-link">
            {title}
          </Link>
        </h3>
        {body && <p className="tp__summary">{body}</p>}
      </div>
    </li>
  );
}
