import { Link } from 'react-router';
import type { AttentionBoard, OwnerShare } from '../../api/types';
import { formatCount, formatMoney, formatPercent, plural } from '../../format';
import { ChoiceGroup } from '../../components/choice-group';

/**
 * Whether a gap is worth pointing out. Shares of a large portfolio are small, so the test is
 * relative: attention below half of what the value suggests (or above twice), and at least half a
 * point apart so rounding noise on tiny accounts stays quiet.
 */
export function gapKind(touchShare: number, valueShare: number): 'under' | 'over' | null {
  if (Math.abs(touchShare - valueShare) < 0.005) return null;
  if (valueShare > 0 && touchShare <= valueShare / 2) return 'under';
  if (touchShare > 0 && touchShare >= valueShare * 2) return 'over';
  return null;
}

/** "−12 pts", "+1.4 pts": a difference between two shares in percentage points, a decimal below 10. */
export function formatGap(gap: number): string {
  const points = gap * 100;
  // One decimal below ten points, always written (+4.0, not +4, beside +3.2); whole points above.
  const decimals = Math.abs(points) < 9.95 ? 1 : 0;
  const size = Math.abs(points).toLocaleString(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (Number(Math.abs(points).toFixed(decimals)) === 0) return '0 pts';
  return `${points > 0 ? '+' : '−'}${size} pts`;
}

function gapClass(kind: 'under' | 'over' | null): string {
  return kind ? `gap gap--${kind}` : 'gap';
}

interface Shares {
  touchShare: number;
  valueShare: number;
  gap: number;
}

/**
 * Two bars on one scale: the account's share of the team's touches over its share of the value.
 * The stretch between the two ends is shaded, red when the account gets less than it pays for.
 */
function ShareBars({ row, scale, compare }: { row: Shares; scale: number; compare: boolean }) {
  const w = (share: number) => (scale > 0 ? (share / scale) * 100 : 0);
  const touch = w(row.touchShare);
  const value = w(row.valueShare);
  const from = Math.min(touch, value);
  const to = Math.max(touch, value);
  const notable = compare && gapKind(row.touchShare, row.valueShare) !== null;
  return (
    <svg className="share-chart" viewBox="0 0 100 22" preserveAspectRatio="none" aria-hidden="true">
      <rect x="0" y="2" width="100" height="8" className="bar-track" />
      <rect x="0" y="12" width="100" height="8" className="bar-track" />
      {notable && <rect x={from} y="1" width={Math.max(0.5, to - from)} height="20" className={row.gap < 0 ? 'gap-band gap-band--under' : 'gap-band gap-band--over'} />}
      <rect x="0" y="2" width={Math.max(touch, row.touchShare > 0 ? 0.8 : 0)} height="8" className="bar-fill bar-fill--touch" />
      <rect x="0" y="12" width={Math.max(value, row.valueShare > 0 ? 0.8 : 0)} height="8" className="bar-fill bar-fill--value" />
    </svg>
  );
}

/**
 * Who gets the team's attention and who pays for it: per owner, each account's share of the
 * team's touches in the last 90 days next to its share of the portfolio's monthly value.
 */
/** Opens one owner's accounts and brings them into view. */
function openOwner(id: string) {
  const details = document.getElementById(id);
  if (!(details instanceof HTMLDetailsElement)) return;
  details.open = true;
  details.scrollIntoView({ block: 'start' });
  details.querySelector('summary')?.focus();
}

export function AttentionShareSection({ share, onCurrency }: { share: AttentionBoard['attentionShare']; onCurrency: (currency: string) => void }) {
  const compare = share.totalTouches90 > 0;
  const ownerScale = Math.max(0.0001, ...share.owners.flatMap((o) => [o.touchShare, o.valueShare]));
  return (
    <section className="card attention-share" aria-labelledby="share-title" data-testid="attention-share">
      <div className="section-head">
        <h2 id="share-title">Attention share</h2>
        <span className="share-legend" aria-hidden="true">
          <span className="share-legend__swatch share-legend__swatch--touch" /> touches (90 days)
          <span className="share-legend__swatch share-legend__swatch--value" /> value
          <span className="share-legend__swatch share-legend__swatch--under" /> gets less than half the attention its value suggests
        </span>
      </div>
      {share.currencies.length > 1 && share.currency && (
        <ChoiceGroup
          legend="Compare the accounts valued in"
          name="share-currency"
          options={share.currencies.map((c) => ({ value: c.currency, label: `${c.currency} (${plural(c.accounts, 'account')})` }))}
          value={share.currency}
          onChange={onCurrency}
        />
      )}
      <p className="muted">
        Each account&rsquo;s share of the team&rsquo;s {formatCount(share.totalTouches90)} touches in the last 90 days, next to its share of the
        {share.currency ? (
          <>
            {' '}
            monthly value of the accounts in {share.currency} ({formatMoney(share.totalValue, share.currency)})
            {share.currencies.length > 1 ? ', with the accounts that have no value; amounts in other currencies are not added to it, as Rapport keeps no exchange rates' : ''}
          </>
        ) : (
          ' portfolio’s monthly value (no account has one yet)'
        )}
        . A negative gap means the account pays for more attention than it gets. An account with several owners counts for each.
      </p>
      {!compare && <div className="alert alert--info">No touches in the last 90 days yet: log or import touchpoints and the shares fill in.</div>}
      {share.owners.length > 1 && (
        <table className="table share-table share-table--owners" aria-label="By owner">
          <thead>
            <tr>
              <th scope="col">Owner</th>
              <th scope="col" className="num">
                Accounts
              </th>
              <th scope="col" className="num">
                Share of touches
              </th>
              <th scope="col" className="num">
                Share of value
              </th>
              <th scope="col" className="share-table__chart">
                <span className="visually-hidden">Chart</span>
              </th>
              <th scope="col" className="num">
                Gap
              </th>
            </tr>
          </thead>
          <tbody>
            {share.owners.map((o) => {
              const shares = { touchShare: o.touchShare, valueShare: o.valueShare, gap: o.touchShare - o.valueShare };
              return (
                <tr key={o.userId ?? 'none'}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => openOwner(`share-owner-${o.userId ?? 'none'}`)}>
                      {o.name}
                    </button>
                  </th>
                  <td className="num">{formatCount(o.accounts.length)}</td>
                  <td className="num">{formatPercent(o.touchShare)}</td>
                  <td className="num">{formatPercent(o.valueShare)}</td>
                  <td className="share-table__chart">
                    <ShareBars row={shares} scale={ownerScale} compare={compare} />
                  </td>
                  <td className="num">
                    {compare ? <span className={gapClass(gapKind(o.touchShare, o.valueShare))}>{formatGap(shares.gap)}</span> : <span className="muted">—</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {share.owners.map((owner) => (
        <OwnerTable key={owner.userId ?? 'none'} owner={owner} compare={compare} open={share.owners.length === 1} />
      ))}
    </section>
  );
}

/** `compare`: there are touches to share; without any, every gap is just the value share and says nothing. */
function OwnerTable({ owner, compare, open }: { owner: OwnerShare; compare: boolean; open: boolean }) {
  const scale = Math.max(0.0001, ...owner.accounts.flatMap((a) => [a.touchShare, a.valueShare]));
  const headingId = `share-owner-${owner.userId ?? 'none'}`;
  const under = compare ? owner.accounts.filter((a) => gapKind(a.touchShare, a.valueShare) === 'under').length : 0;
  return (
    <details className="share-owner" data-owner={owner.name} open={open || undefined} id={headingId}>
      <summary>
        <strong>{owner.name}</strong>{' '}
        <span className="muted share-owner__sum">
          {plural(owner.accounts.length, 'account')} · {formatPercent(owner.touchShare)} of touches · {formatPercent(owner.valueShare)} of value
        </span>
        {under > 0 && <span className="badge badge--lost">{under} underserved</span>}
      </summary>
      <table className="table share-table" aria-label={`Accounts of ${owner.name}`}>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col" className="num">
              Touches
            </th>
            <th scope="col" className="num">
              Share of touches
            </th>
            <th scope="col" className="num">
              Share of value
            </th>
            <th scope="col" className="share-table__chart">
              <span className="visually-hidden">Chart</span>
            </th>
            <th scope="col" className="num">
              Gap
            </th>
          </tr>
        </thead>
        <tbody>
          {owner.accounts.map((row) => {
            const kind = compare ? gapKind(row.touchShare, row.valueShare) : null;
            return (
              <tr key={row.accountId} className={kind === 'under' ? 'share-table__row--under' : undefined} data-account-id={row.accountId}>
                <th scope="row">
                  <Link to={`/accounts/${row.accountId}`}>{row.name}</Link>
                </th>
                <td className="num">{formatCount(row.touches90)}</td>
                <td className="num">{formatPercent(row.touchShare)}</td>
                <td className="num">{formatPercent(row.valueShare)}</td>
                <td className="share-table__chart">
                  <ShareBars row={row} scale={scale} compare={compare} />
                </td>
                <td className="num">{compare ? <span className={gapClass(kind)}>{formatGap(row.gap)}</span> : <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
