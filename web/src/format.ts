import type {
  AccountStatus,
  AlertKind,
  AlertState,
  Band,
  Channel,
  ComponentKey,
  ContactRole,
  ContactStatus,
  DeliverableState,
  DeliverableStatus,
  Direction,
  FactKind,
  IncidentKind,
  LossReason,
  OwnerRole,
  ProjectStatus,
  Role,
  Severity,
  SocialNetwork,
  TouchpointSource,
} from './api/types';

/** Human labels for the API's enum values, in one place so every screen says the same. */
export const STATUS_LABELS: Record<AccountStatus, string> = {
  prospect: 'Prospect',
  active: 'Active',
  // Set by a person; "At risk" alone is the health score's band, and the two may disagree.
  at_risk: 'Flagged at risk',
  lost: 'Lost',
};
export const OWNER_ROLE_LABELS: Record<OwnerRole, string> = {
  lead: 'Lead',
  client_service: 'Client service',
  member: 'Team member',
};
export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  decision_maker: 'Decision maker',
  champion: 'Champion',
  user: 'User',
  finance: 'Finance',
  other: 'Other',
};
export const CONTACT_STATUS_LABELS: Record<ContactStatus, string> = {
  active: 'At the company',
  left: 'Left the company',
};
export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  member: 'Member',
  admin: 'Admin',
  owner: 'Owner',
};
export const NETWORK_LABELS: Record<SocialNetwork, string> = {
  x: 'X',
  linkedin: 'LinkedIn',
  instagram: 'Instagram',
  facebook: 'Facebook',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  threads: 'Threads',
  bluesky: 'Bluesky',
  other: 'Other',
};
export const INFLUENCE_LABELS: Record<number, string> = {
  1: 'Very low',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Very high',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'E-mail',
  call: 'Call',
  meeting: 'Meeting',
  video: 'Video call',
  chat: 'Chat',
  social: 'Social',
  report: 'Report',
  other: 'Other',
};
/** Who started it, said from the agency's side. */
export const DIRECTION_LABELS: Record<Direction, string> = {
  agency_initiated: 'Agency-initiated',
  client_initiated: 'Client-initiated',
};
/** Short forms with an arrow: from us to them, or from them to us. */
export const DIRECTION_SHORT: Record<Direction, string> = {
  agency_initiated: 'Agency →',
  client_initiated: '← Client',
};
export const SOURCE_LABELS: Record<TouchpointSource, string> = {
  manual: 'Logged by hand',
  api: 'API',
  csv: 'CSV import',
  ics: 'Calendar',
  email: 'E-mail intake',
};

export const BAND_LABELS: Record<Band, string> = {
  healthy: 'Healthy',
  watch: 'Watch',
  at_risk: 'At risk',
};
export const COMPONENT_LABELS: Record<ComponentKey, string> = {
  delivery: 'Delivery on time',
  targets: 'Targets met',
  quality: 'Quality',
  recency: 'Contact recency',
  breadth: 'Breadth of contacts',
  initiation: 'Client reaching out',
  sentiment: 'Sentiment',
  survey: 'Surveys',
};
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  going_quiet: 'Going quiet',
  client_stopped_initiating: 'Client stopped initiating',
  delivery_slipping: 'Delivery slipping',
  targets_missed: 'Targets missed',
  quality_incidents: 'Quality incidents',
  single_threaded: 'Single-threaded',
  champion_left: 'Champion left',
  score_drop: 'Score drop',
  too_cosy: 'Too cosy',
};
/** What each alert kind means, for the filter and the empty states. */
export const ALERT_KIND_HINTS: Record<AlertKind, string> = {
  going_quiet: 'Longer without a touch than the cadence',
  client_stopped_initiating: 'The client reaches out far less than before',
  delivery_slipping: 'Deliverables late or overdue',
  targets_missed: 'KPI targets missed',
  quality_incidents: 'Errors, rework, missed meetings',
  single_threaded: 'Everything hangs on one contact',
  champion_left: 'A champion or decision maker left',
  score_drop: 'The score fell fast',
  too_cosy: 'Warm relationship over slipping delivery',
};
export const ALERT_STATE_LABELS: Record<AlertState, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
};
export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  planned: 'Planned',
  active: 'Active',
  on_hold: 'On hold',
  done: 'Done',
  cancelled: 'Cancelled',
};
export const DELIVERABLE_STATUS_LABELS: Record<DeliverableStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  delivered: 'Delivered',
  approved: 'Approved',
  cancelled: 'Cancelled',
};
export const DELIVERABLE_STATE_LABELS: Record<DeliverableState, string> = {
  upcoming: 'Upcoming',
  due_today: 'Due today',
  overdue: 'Overdue',
  delivered_on_time: 'On time',
  delivered_late: 'Delivered late',
  cancelled: 'Cancelled',
};
export const INCIDENT_KIND_LABELS: Record<IncidentKind, string> = {
  report_error: 'Error in a report',
  missed_deadline: 'Missed deadline',
  rework: 'Rework',
  missed_meeting: 'Missed meeting',
  complaint: 'Complaint',
  other: 'Other',
};
export const SEVERITY_POINTS_LABELS: Record<number, string> = {
  1: 'Minor',
  2: 'Notable',
  3: 'Serious',
};
export const LOSS_REASON_LABELS: Record<LossReason, string> = {
  price: 'Price',
  quality: 'Quality of work',
  missed_results: 'Missed results',
  relationship: 'Relationship',
  staff_change_client: 'Staff change at the client',
  staff_change_agency: 'Staff change at the agency',
  strategy_change: 'Client strategy changed',
  in_housing: 'Taken in-house',
  consolidation: 'Agency consolidation',
  unknown: 'Unknown',
};
export const LOSS_REASON_HINTS: Record<LossReason, string> = {
  price: 'Too expensive, or a cheaper offer',
  quality: 'Errors, rework, work not up to standard',
  missed_results: 'KPIs and targets not reached',
  relationship: 'Chemistry, trust, communication',
  staff_change_client: 'Our champion or decision maker left them',
  staff_change_agency: 'Our people on the account changed',
  strategy_change: 'New direction, budget cut, merger',
  in_housing: 'The client does the work themselves',
  consolidation: 'Work moved to one agency or a holding group',
  unknown: 'Nobody knows yet',
};

/** "+4.5", "−12", "0": a change in points with its sign (a real minus sign). */
export function formatDelta(delta: number, digits = 1): string {
  const rounded = Number(delta.toFixed(digits));
  if (rounded === 0) return '0';
  const text = Math.abs(rounded).toLocaleString(undefined, { maximumFractionDigits: digits });
  return rounded > 0 ? `+${text}` : `\u2212${text}`;
}

/** A score as shown: whole points. */
export const formatScore = (score: number): string => String(Math.round(score));

/** "YYYY-MM-DD" of a Date, in UTC (the server's days are UTC days). */
export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/** Today in the browser's time zone, as "YYYY-MM-DD" (a date input's value). */
export function localDay(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "€12,500" — a whole-number amount in its currency; an unknown code falls back to "12,500 XYZ". */
export function formatMoney(amount: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 });
    } catch {
      format = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
    }
    moneyFormats.set(currency, format);
  }
  const text = format.format(amount);
  return format.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** A calendar date 'YYYY-MM-DD' as "Mar 4, 2025", read as a date (no time zone shift). */
export function formatDate(date: string | null): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return dateFormat.format(new Date(y, m - 1, d));
}

const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
/** "Nov 2026": the month of an instant in the browser's zone, the year in full ("Nov 25" reads as a day). */
export const formatMonthAt = (time: number): string => monthFormat.format(new Date(time));
/** "Nov 2026" from a 'YYYY-MM-DD' day (the calendar day as written, whatever the zone). */
export function formatMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return formatMonthAt(new Date(y!, m! - 1, 1).getTime());
}

/**
 * The ISO days ('2026-07-21') in a text the server wrote, such as an alert's message, as
 * formatDate says them, so that a line does not mix two ways of writing a date. Only for texts the
 * rules write: what a person typed is theirs.
 */
export function formatDatesIn(text: string): string {
  return text.replace(/\b\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\dT])/g, (day) => formatDate(day));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

const DAY_SECONDS = 24 * 3600;
/** Each unit with its size and from how far off it is used: days up to two months, so "45 days ago" agrees with the day counts beside it. */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number, number]> = [
  ['year', 365 * DAY_SECONDS, 365 * DAY_SECONDS],
  ['month', 30 * DAY_SECONDS, 60 * DAY_SECONDS],
  ['day', DAY_SECONDS, DAY_SECONDS],
  ['hour', 3600, 3600],
  ['minute', 60, 60],
];

/** "45 days ago", "just now": how long since an instant, in the largest unit that fits. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size, from] of UNITS) {
    if (Math.abs(seconds) >= from) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

const FACT_NOUNS: Record<FactKind, [string, string]> = {
  touchpoint: ['touchpoint', 'touchpoints'],
  deliverable: ['deliverable', 'deliverables'],
  target: ['target', 'targets'],
  incident: ['incident', 'incidents'],
  contact: ['contact', 'contacts'],
  survey_answer: ['survey answer', 'survey answers'],
};

/**
 * "the deliverable", "the 6 deliverables", "the 3 facts" (of mixed kinds): what a button that shows
 * or hides facts names, so it says what it does ("Show the 6 deliverables"), not "which 6".
 */
export function theFacts(facts: ReadonlyArray<{ kind: FactKind }>): string {
  const kinds = new Set(facts.map((f) => f.kind));
  const [one, many] = kinds.size === 1 ? FACT_NOUNS[facts[0]!.kind] : ['fact', 'facts'];
  return facts.length === 1 ? `the ${one}` : `the ${formatCount(facts.length)} ${many}`;
}

const countFormat = new Intl.NumberFormat();
export const formatCount = (n: number): string => countFormat.format(n);

/** "1 contact", "3 contacts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const smallPercentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
/** "42%" from 0.42, "2.4%" below 10% (small shares need the decimal); "—" when there is nothing to divide. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  return (Math.abs(share) < 0.1 ? smallPercentFormat : percentFormat).format(share);
}

const bytesFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
/** "1.2 MB": a size in bytes in the largest unit that keeps it above 1. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? formatCount(value) : bytesFormat.format(value)} ${units[unit]}`;
}

/** The value for a datetime-local input: this instant in the browser's time zone, to the minute. */
export function toLocalInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
