import type { Postmortem } from '../../api/types';
import { BAND_LABELS, INCIDENT_KIND_LABELS, LOSS_REASON_LABELS, SEVERITY_LABELS, formatDate, formatDatesIn, formatScore, plural } from '../../format';

type TimelineEntry = Postmortem['timeline'][number];

const dayOf = (iso: string) => iso.slice(0, 10);
const band = (b: keyof typeof BAND_LABELS) => BAND_LABELS[b].toLowerCase();

/**
 * One line of the post-mortem's timeline in the app's words: the server writes its `message` in
 * plain English with ISO days and the codes of loss reasons (for any API reader), while the screen
 * says the labels the rest of the page uses and dates in the browser's format. The line is built
 * from the record the entry is about, found in the post-mortem; when it is not there (an older or
 * newer server), the server's message stands, its ISO days formatted.
 */
export function describeTimelineEntry(entry: TimelineEntry, pm: Postmortem): string {
  return describe(entry, pm) ?? formatDatesIn(entry.message);
}

function describe(entry: TimelineEntry, pm: Postmortem): string | null {
  switch (entry.kind) {
    case 'late_deliverable': {
      const d = pm.lateDeliverables.find((x) => x.id === entry.refId);
      if (!d) return null;
      const how = d.deliveredAt ? `delivered ${plural(d.daysLate, 'day')} late` : `not delivered by the loss (${plural(d.daysLate, 'day')} overdue)`;
      return `${d.title} (${d.projectName}) was due ${formatDate(dayOf(d.dueAt))}: ${how}`;
    }
    case 'missed_target': {
      const t = pm.missedTargets.find((x) => x.id === entry.refId);
      if (!t) return null;
      const direction = t.higherIsBetter ? 'at least' : 'at most';
      return `Target missed: ${t.metric} was ${t.actual.toLocaleString()} for ${formatDate(t.periodStart)} – ${formatDate(t.periodEnd)}; the goal was ${direction} ${t.goal.toLocaleString()}`;
    }
    case 'incident': {
      const i = pm.incidents.find((x) => x.id === entry.refId);
      if (!i) return null;
      const kind = INCIDENT_KIND_LABELS[i.kind as keyof typeof INCIDENT_KIND_LABELS] ?? i.kind.replace(/_/g, ' ');
      return `Incident (${kind}, severity ${i.severity})${i.description ? `: ${i.description}` : ''}`;
    }
    case 'contact_gap': {
      // A gap has no id: its entry sits where it began, or at the window's start if it began earlier.
      const at = Date.parse(entry.at);
      const windowStart = Date.parse(`${pm.window.from}T00:00:00.000Z`);
      const g = pm.contactGaps.find((x) => Math.max(Date.parse(x.from), windowStart) === at);
      if (!g) return null;
      const ended = g.toTouchId ? `until ${formatDate(dayOf(g.to))}` : 'until the loss';
      return `No touch for ${plural(g.days, 'day')} (from ${formatDate(dayOf(g.from))} ${ended}); at most ${g.allowedDays} were expected`;
    }
    case 'band_change': {
      const index = pm.health.findIndex((h) => h.asOf === dayOf(entry.at));
      const current = pm.health[index];
      const previous = pm.health[index - 1];
      if (!current || !previous) return null;
      return `Health went from ${band(previous.band)} to ${band(current.band)} (score ${formatScore(previous.score)} → ${formatScore(current.score)})`;
    }
    case 'alert': {
      const a = pm.alerts.find((x) => x.id === entry.refId);
      if (!a) return null;
      const who = (u: { name: string } | null) => (u ? ` by ${u.name}` : '');
      const on = (iso: string | null) => formatDate(dayOf(iso ?? a.raisedAt));
      const response =
        a.response === 'resolved_manually'
          ? `resolved${who(a.resolvedBy)} on ${on(a.resolvedAt)}`
          : a.response === 'acknowledged'
            ? `acknowledged${who(a.acknowledgedBy)} on ${on(a.acknowledgedAt)}`
            : a.response === 'snoozed'
              ? 'snoozed'
              : a.resolution === 'auto'
                ? 'no one responded; it cleared by itself'
                : 'no one responded';
      return `Alert (${SEVERITY_LABELS[a.severity].toLowerCase()}): ${formatDatesIn(a.message)} — ${response}`;
    }
    case 'lost':
      return `Lost on ${formatDate(pm.loss.lostOn)} (${pm.loss.reasons.map((r) => LOSS_REASON_LABELS[r] ?? r).join(', ')})`;
  }
}
