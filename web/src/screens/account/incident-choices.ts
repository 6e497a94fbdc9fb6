import type { Deliverable } from '../../api/types';
import { formatDate, localDay } from '../../format';

/**
 * The deliverables an incident can be about, as its form offers them: the latest due first (an
 * incident is nearly always about recent work, and an account's ledger runs to dozens of monthly
 * reports, oldest first), each with its project and due day, so two of one title are told apart.
 */
export function incidentDeliverableChoices(deliverables: readonly Deliverable[]): Array<{ id: string; label: string }> {
  return [...deliverables]
    .sort((a, b) => b.dueAt.localeCompare(a.dueAt) || a.id.localeCompare(b.id))
    .map((d) => ({ id: d.id, label: `${d.title} (${d.projectName}, due ${formatDate(localDay(new Date(d.dueAt)))})` }));
}
