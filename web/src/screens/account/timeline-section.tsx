import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { CHANNELS, DIRECTIONS, type Account, type Channel, type Direction, type Touchpoint } from '../../api/types';
import { useSession } from '../../session';
import { ChannelIcon } from '../../components/channel-icon';
import { ConfirmButton } from '../../components/confirm-button';
import { FormError } from '../../components/form-error';
import { CHANNEL_LABELS, DIRECTION_LABELS, DIRECTION_SHORT, SOURCE_LABELS, formatDateTime, formatRelative } from '../../format';

export const TIMELINE_PAGE = 25;
const LONG_SUMMARY = 320;

function readFilter<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((x) => x === value);
}

interface TimelineSectionProps {
  account: Account;
  onLog: (() => void) | undefined;
  onEdit: (touchpoint: Touchpoint) => void;
  onDelete: (touchpoint: Touchpoint) => Promise<void>;
  /** The last thing done, said to screen readers and shown briefly ("Touchpoint logged."). */
  notice: string;
}

/**
 * The account's timeline, newest first, a page at a time (more load as the end scrolls into view,
 * or with the button); filters for channel and who started it live in the URL.
 */
export function TimelineSection({ account, onLog, onEdit, onDelete, notice }: TimelineSectionProps) {
  const [params, setParams] = useSearchParams();
  const channel = readFilter<Channel>(params.get('channel'), CHANNELS);
  const direction = readFilter<Direction>(params.get('direction'), DIRECTIONS);
  const setFilter = (key: 'channel' | 'direction', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const timeline = useInfiniteQuery({
    queryKey: [...keys.timeline(account.id), { channel, direction }],
    queryFn: ({ pageParam, signal }) => api.touchpoints.timeline(account.id, { channel, direction, limit: TIMELINE_PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(channel || direction);

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

  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <div className="section-head">
        <h2 id="timeline-title">Timeline</h2>
      </div>
      <div className="timeline__filters" role="group" aria-label="Filter the timeline">
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
          {entries.map((entry) => (
            <TimelineItem key={entry.touchpoint.id} touchpoint={entry.touchpoint} onEdit={onEdit} onDelete={onDelete} />
          ))}
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
    <li className={`tp tp--${t.direction}`} data-touchpoint-id={t.id}>
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
              try {
                await onDelete(t);
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
