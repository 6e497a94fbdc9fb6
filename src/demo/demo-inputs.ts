/**
 * Pure translation of the hand-made demo data into the inputs of the real use-cases: dates made
 * relative to the seed's clock, e-mail addresses spelled the way each company spells them,
 * conflicts gathered from either side. No I/O, so the data's integrity is unit-tested.
 */
import { foldText } from '../accounts/account.js';
import { CreateAccountSchema, CreateContactSchema, type CreateAccountInput, type CreateContactInput } from '../accounts/schemas.js';
import { toIsoDate } from '../platform/clock.js';
import type { DemoAccount, DemoContact, TeamKey } from './demo-data.js';

/** The first day of the month `months` calendar months before `today` (UTC): retainers start on the 1st. */
export function monthsBefore(today: Date, months: number): string {
  return toIsoDate(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, 1)));
}

/** The calendar date `days` days before `today` (UTC). */
export function daysBefore(today: Date, days: number): string {
  return toIsoDate(new Date(today.getTime() - days * 24 * 3600 * 1000));
}

/**
 * A contact's address on the account's domain: "Dr Élodie van Dijk" → elodie.vandijk@, elodie@ or
 * evandijk@ depending on the company's style.
 */
export function emailFor(name: string, domain: string, style: DemoAccount['emailStyle'] = 'first.last'): string {
  const words = foldText(name)
    .replace(/^dr\.? /, '')
    .replace(/[^a-z\s]/g, '')
    .split(' ')
    .filter(Boolean);
  const first = words[0] ?? 'contact';
  const last = words.slice(1).join('');
  const local = style === 'first' || !last ? first : style === 'flast' ? `${first[0]}${last}` : `${first}.${last}`;
  return `${local}@${domain}`;
}

/**
 * Every account's competitors, by key, whichever side named the conflict. Throws on a key that
 * names no account, so a typo in the data fails loudly rather than dropping a conflict.
 */
export function conflictPartners(accounts: readonly DemoAccount[]): Map<string, Set<string>> {
  const keys = new Set(accounts.map((a) => a.key));
  const partners = new Map<string, Set<string>>(accounts.map((a) => [a.key, new Set<string>()]));
  for (const account of accounts) {
    for (const other of account.conflictsWith ?? []) {
      if (!keys.has(other)) throw new Error(`Demo account ${account.key} conflicts with unknown account ${other}`);
      partners.get(account.key)?.add(other);
      partners.get(other)?.add(account.key);
    }
  }
  return partners;
}

/** The createAccount input for one demo account; validated by the same schema as the API. */
export function toAccountInput(
  account: DemoAccount,
  context: { today: Date; userIds: ReadonlyMap<TeamKey, string>; conflictIds: readonly string[] },
): CreateAccountInput {
  const owners = Object.entries(account.owners).map(([role, key]) => {
    const userId = context.userIds.get(key);
    if (!userId) throw new Error(`Demo account ${account.key} is owned by unknown teammate ${key}`);
    return { userId, role };
  });
  return CreateAccountSchema.parse({
    name: account.name,
    aliases: account.aliases,
    category: account.category,
    website: `https://www.${account.domain}`,
    value: account.value,
    // A lost account is created active and then marked lost with its day and reasons (seed-demo.ts).
    status: account.status === 'lost' ? 'active' : account.status,
    startedOn: account.startedMonthsAgo === null ? null : monthsBefore(context.today, account.startedMonthsAgo),
    cadenceDays: account.cadenceDays,
    isConfidential: account.isConfidential ?? false,
    owners,
    conflictIds: context.conflictIds,
    notes: account.notes,
  });
}

/** The createContact input for one demo contact of `account`. */
export function toContactInput(account: DemoAccount, contact: DemoContact, today: Date): CreateContactInput {
  const hasLeft = contact.leftDaysAgo !== undefined;
  return CreateContactSchema.parse({
    name: contact.name,
    emails: contact.emails ?? [emailFor(contact.name, account.domain, account.emailStyle)],
    phone: contact.phone ?? null,
    title: contact.title,
    role: contact.role,
    influence: contact.influence,
    isPrimary: contact.isPrimary ?? false,
    status: hasLeft ? 'left' : 'active',
    leftOn: hasLeft ? daysBefore(today, contact.leftDaysAgo ?? 0) : null,
    socialHandles: contact.social ?? [],
    notes: contact.notes ?? '',
  });
}
