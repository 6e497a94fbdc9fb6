import type { AccountStatus, Channel, ContactRole, Direction, OwnerRole, Role, SocialNetwork, TouchpointSource } from './api/types';

/** Human labels for the API's enum values, in one place so every screen says the same. */
export const STATUS_LABELS: Record<AccountStatus, string> = {
  prospect: 'Prospect',
  active: 'Active',
  at_risk: 'At risk',
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

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "just now": how long since an instant, in the largest unit that fits. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'just now';
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
