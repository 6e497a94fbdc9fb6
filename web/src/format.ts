import type { AccountStatus, ContactRole, OwnerRole, Role, SocialNetwork } from './api/types';

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
