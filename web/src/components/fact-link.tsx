import { Link } from 'react-router';
import type { Fact, FactKind } from '../api/types';
import { formatDate, formatDateTime } from '../format';

const KIND_LABELS: Record<FactKind, string> = {
  touchpoint: 'Touchpoint',
  deliverable: 'Deliverable',
  target: 'Target',
  incident: 'Incident',
  contact: 'Contact',
  survey_answer: 'Survey answer',
};

/**
 * Where a fact lives on its account's page: the delivery ledger holds every deliverable, target
 * and incident; the contacts list every contact; the timeline finds a touchpoint (loading older
 * pages until it is there). Survey answers have no page yet.
 */
export function factHref(accountId: string, fact: Pick<Fact, 'kind' | 'id'>): string | null {
  if (fact.kind === 'survey_answer') return null;
  return `/accounts/${accountId}#${fact.kind}-${fact.id}`;
}

/** "Mar 4, 2025" for a day at midnight UTC, with the time otherwise. */
function when(at: string): string {
  return at.endsWith('T00:00:00.000Z') || at.endsWith('T00:00:00Z') ? formatDate(at.slice(0, 10)) : formatDateTime(at);
}

/** One fact behind a number, linked to where it is on the account's page. */
export function FactLink({ accountId, fact }: { accountId: string; fact: Fact }) {
  const href = factHref(accountId, fact);
  return (
    <span className={`fact fact--${fact.kind}`}>
      <span className="fact__kind">{KIND_LABELS[fact.kind]}</span>{' '}
      {href ? <Link to={href}>{fact.label}</Link> : <span>{fact.label}</span>}
      {fact.at && <span className="muted fact__at"> · {when(fact.at)}</span>}
    </span>
  );
}

/** The facts behind a number, as a list; nothing when there are none. */
export function FactList({ accountId, facts, limit = 12 }: { accountId: string; facts: readonly Fact[]; limit?: number }) {
  if (facts.length === 0) return null;
  const shown = facts.slice(0, limit);
  return (
    <ul className="fact-list">
      {shown.map((f) => (
        <li key={`${f.kind}:${f.id}`}>
          <FactLink accountId={accountId} fact={f} />
        </li>
      ))}
      {facts.length > shown.length && <li className="muted">and {facts.length - shown.length} more</li>}
    </ul>
  );
}
