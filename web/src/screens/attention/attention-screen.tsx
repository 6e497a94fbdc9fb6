import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys, membersQuery } from '../../api/queries';
import { ACCOUNT_STATUSES, type AccountStatus, type AttentionBoard, type AttentionKind, type AttentionRow } from '../../api/types';
import { usePageTitle } from '../../components/page-title';
import { StatusBadge } from '../../components/badges';
import { OWNER_ROLE_LABELS, formatCount, formatDate, formatDateTime, formatDatesIn, formatMoney, formatRelative, plural } from '../../format';
import { REASON_TITLES } from '../account/cadence-panel';
import { AttentionShareSection } from './attention-share';
import { freshnessNote, refetchWhileUpdating } from '../../components/freshness';

interface SectionSpec {
  kind: AttentionKind;
  key: 'goingQuiet' | 'stoppedInitiating' | 'singleThreaded';
  explain: string;
  empty: string | ((board: AttentionBoard) => string);
}

/**
 * Going quiet is judged against each account's cadence, so an account without one is never
 * on that list: an empty list says so instead of vouching for accounts it cannot judge.
 */
function quietEmptyText(board: AttentionBoard): string {
  const without = board.accountsWithoutCadence;
  if (without === 0) return 'Every account has been in touch within its cadence.';
  if (without === board.accountsConsidered) {
    return 'No account has a cadence yet, so none can be seen going quiet. Set how often to be in touch with Edit account → Cadence.';
  }
  return `Every account with a cadence has been in touch on time. ${plural(without, 'account')} ${without === 1 ? 'has' : 'have'} no cadence and ${without === 1 ? 'is' : 'are'} not checked.`;
}

const SECTIONS: SectionSpec[] = [
  {
    kind: 'going_quiet',
    key: 'goingQuiet',
    explain: 'Longer without a touch than their cadence. Most overdue first.',
    empty: quietEmptyText,
  },
  {
    kind: 'client_stopped_initiating',
    key: 'stoppedInitiating',
    explain: 'The client started half as many of the touches or fewer than in the 90 days before. Most valuable first.',
    empty: 'No client has stopped reaching out.',
  },
  {
    kind: 'single_threaded',
    key: 'singleThreaded',
    explain: 'Everything hangs on one person: only one contact engaged in 90 days, or only one known. Most valuable first.',
    empty: 'Every account has more than one engaged contact.',
  },
];

const isStatus = (s: string): s is AccountStatus => (ACCOUNT_STATUSES as readonly string[]).includes(s);

/**
 * The attention board: accounts going quiet, clients who stopped initiating, single-threaded
 * accounts, each with the reasons in words, and how the team's touches are shared against what
 * each account pays. The owner filter lives in the URL (?owner=).
 */
export function AttentionScreen() {
  usePageTitle('Attention');
  const [params, setParams] = useSearchParams();
  const ownerId = params.get('owner') ?? '';
  const currency = params.get('currency') ?? '';
  const members = useQuery(membersQuery);
  const board = useQuery({
    queryKey: [...keys.attention, ownerId, currency],
    queryFn: ({ signal }) => api.attention.board({ ownerId: ownerId || undefined, currency: currency || undefined }, signal),
    placeholderData: keepPreviousData,
    // On a new day, until the day's recompute has run, the touch counts are yesterday's: read again until they are today's.
    refetchInterval: (query) => refetchWhileUpdating(query.state.data?.freshness),
  });
  const note = freshnessNote(board.data?.freshness, 'Touch counts');
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const ownerName = members.data?.items.find((m) => m.userId === ownerId)?.name;

  return (
    <div className="page attention">
      <div className="page-head">
        <div>
          <h1>Attention</h1>
          <p className="page-head__sub" aria-live="polite">
            {board.data
              ? `${plural(board.data.accountsConsidered, 'open account')}${ownerName ? ` owned by ${ownerName}` : ''} · as of ${formatDate(board.data.asOf.slice(0, 10))}`
              : '\u00a0'}
          </p>
          {note && (
            <p className="page-head__sub" role="status" data-testid="attention-freshness" title="Today's numbers are being computed; this page updates when they are. Days since the last touch are counted to now.">
              {note}
            </p>
          )}
        </div>
        <label className="toolbar__select">
          <span className="visually-hidden">Owner</span>
          <select
            aria-label="Owner"
            value={ownerId}
            onChange={(e) => setParam('owner', e.target.value)}
          >
            <option value="">All owners</option>
            {members.data?.items.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {board.isPending && <p role="status">Loading the board…</p>}
      {board.isError && (
        <div className="alert alert--error" role="alert">
          The attention board could not be loaded: {board.error.message}{' '}
          <button type="button" className="button" onClick={() => void board.refetch()}>
            Try again
          </button>
        </div>
      )}
      {board.data && (
        <Board
          board={board.data}
          ownerName={ownerName}
          onClearOwner={ownerId ? () => setParam('owner', '') : undefined}
          onCurrency={(c) => setParam('currency', c)}
        />
      )}
    </div>
  );
}

function Board({
  board,
  ownerName,
  onClearOwner,
  onCurrency,
}: {
  board: AttentionBoard;
  ownerName: string | undefined;
  onClearOwner: (() => void) | undefined;
  onCurrency: (currency: string) => void;
}) {
  if (board.accountsConsidered === 0) {
    return (
      <div className="empty-state" data-testid="attention-empty">
        <h2>{ownerName ? `${ownerName} owns no open accounts` : 'No open accounts yet'}</h2>
        <p>
          The board watches every open account (not lost, not archived): when it was last in touch, whether the client still reaches out, and how many of its
          people are engaged.
        </p>
        {onClearOwner ? (
          <button type="button" className="button button--primary" onClick={onClearOwner}>
            Show all owners
          </button>
        ) : (
          <Link className="button button--primary" to="/accounts/new">
            Create an account
          </Link>
        )}
      </div>
    );
  }
  const nothing = board.goingQuiet.length + board.stoppedInitiating.length + board.singleThreaded.length === 0;
  return (
    <>
      {nothing && (
        <div className="empty-state attention__all-clear" data-testid="attention-empty">
          <h2>Nothing needs attention</h2>
          <p>
            {board.accountsWithoutCadence === 0
              ? 'Every account is in touch on time, its client still reaches out, and more than one person there is engaged. Keep logging touchpoints to keep it so.'
              : `Every client still reaches out and more than one person there is engaged. ${quietEmptyText(board)}`}
          </p>
        </div>
      )}
      {!nothing && (
        <div className="attention__sections">
          {SECTIONS.map((spec) => (
            <AttentionSection key={spec.kind} spec={spec} board={board} />
          ))}
        </div>
      )}
      <AttentionShareSection share={board.attentionShare} onCurrency={onCurrency} />
    </>
  );
}

function AttentionSection({ spec, board }: { spec: SectionSpec; board: AttentionBoard }) {
  const id = `attention-${spec.kind}`;
  const rows = board[spec.key];
  return (
    <section className={`card attention-section attention-section--${spec.kind}`} aria-labelledby={id} data-testid={id}>
      <div className="section-head">
        <h2 id={id}>
          {REASON_TITLES[spec.kind]} <span className="muted">({formatCount(rows.length)})</span>
        </h2>
      </div>
      <p className="muted attention-section__explain">{spec.explain}</p>
      {rows.length === 0 ? (
        <p className="attention-section__empty">{typeof spec.empty === 'string' ? spec.empty : spec.empty(board)}</p>
      ) : (
        <ul className="attention-list">
          {rows.map((row) => (
            <AttentionItem key={row.account.id} row={row} kind={spec.kind} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * "last touch 45 days ago", in the whole days the board's reasons count ("No touch for 45 days"):
 * a relative time rounds, and said "46 days ago" beside them for half of each day. Within a day,
 * the hours.
 */
function lastTouchText(lastTouchAt: string, days: number | null): string {
  return `last touch ${days === null || days < 1 ? formatRelative(lastTouchAt) : `${plural(days, 'day')} ago`}`;
}

function AttentionItem({ row, kind }: { row: AttentionRow; kind: AttentionKind }) {
  const { account, cadence } = row;
  const main = row.reasons.filter((r) => r.kind === kind);
  const others = row.reasons.filter((r) => r.kind !== kind);
  return (
    <li className="attention-item" data-account-id={account.id}>
      <div className="attention-item__head">
        <Link to={`/accounts/${account.id}`} className="attention-item__name">
          {account.name}
        </Link>
        {isStatus(account.status) && <StatusBadge status={account.status} />}
        <span className="attention-item__value">{account.value ? `${formatMoney(account.value.amount, account.value.currency)} / month` : 'No value set'}</span>
      </div>
      <ul className="attention-item__reasons">
        {main.map((r) => (
          <li key={r.message}>{formatDatesIn(r.message)}</li>
        ))}
      </ul>
      <p className="attention-item__meta muted">
        <span>
          {account.owners.length === 0 ? 'No owner' : account.owners.map((o) => `${o.name} (${OWNER_ROLE_LABELS[o.role as keyof typeof OWNER_ROLE_LABELS] ?? o.role})`).join(', ')}
        </span>
        {cadence.lastTouchAt ? <span title={formatDateTime(cadence.lastTouchAt)}>{lastTouchText(cadence.lastTouchAt, cadence.daysSinceLastTouch)}</span> : <span>never touched</span>}
        {others.length > 0 && <span>also {others.map((r) => REASON_TITLES[r.kind].toLowerCase()).join(', ')}</span>}
      </p>
    </li>
  );
}
