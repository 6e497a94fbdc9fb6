import type { AccountStatus } from '../api/types';
import { STATUS_LABELS } from '../format';

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
