/**
 * Pure rules for accounts and contacts: how names are folded for sorting and search, how a
 * website is normalised, and what a contact's status implies. No I/O.
 */

export const ACCOUNT_STATUSES = ['prospect', 'active', 'at_risk', 'lost'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const OWNER_ROLES = ['lead', 'client_service', 'member'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];
export const CONTACT_ROLES = ['decision_maker', 'champion', 'user', 'finance', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const CONTACT_STATUSES = ['active', 'left'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export const SOCIAL_NETWORKS = ['x', 'linkedin', 'instagram', 'facebook', 'tiktok', 'youtube', 'threads', 'bluesky', 'other'] as const;

/** Lower case without diacritics: "Café Ölund" → "cafe olund". Used for sort keys and search. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text a search matches: name and every alias, folded, separated so a match cannot span two. */
export function searchTextOf(name: string, aliases: readonly string[]): string {
  return [name, ...aliases].map(foldText).join(' | ');
}

/**
 * True for a web address a person would type: "example.com", "www.example.com/path",
 * "https://example.com:8080". Other schemes (ftp:, mailto:, javascript:) are not websites.
 */
export function isWebsite(text: string): boolean {
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(trimmed) && !/^https?:\/\//i.test(trimmed)) return false;
  try {
    const url = new URL(normalizeWebsite(trimmed));
    return (url.protocol === 'http:' || url.protocol === 'https:') && /^[^.\s]+(\.[^.\s]+)+$/.test(url.hostname) && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** "example.com" → "https://example.com"; an explicit http(s) URL is kept as given. */
export function normalizeWebsite(website: string): string {
  const trimmed = website.trim();
  return /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/** Aliases without blanks, duplicates (ignoring case) or a copy of the name itself. */
export function cleanAliases(name: string, aliases: readonly string[]): string[] {
  const seen = new Set([foldText(name)]);
  const out: string[] = [];
  for (const alias of aliases) {
    const trimmed = alias.trim();
    const key = foldText(trimmed);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

/**
 * The left-on date a contact ends up with: a contact who left keeps the given date or, if none,
 * today's; an active contact has none.
 */
export function resolveLeftOn(status: ContactStatus, leftOn: string | null | undefined, today: string): string | null {
  if (status === 'active') return null;
  return leftOn ?? today;
}

/** Unique e-mail addresses in lower case, in the order given. */
export function cleanEmails(emails: readonly string[]): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
}
