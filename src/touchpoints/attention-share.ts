/**
 * How the team's attention is shared: each account's share of the team's touches in the last 90
 * days next to its share of the portfolio's monthly value, per owner. Pure.
 *
 * Rapport keeps no exchange rates, so values are compared within one currency at a time: the
 * accounts valued in it, with those that have no value (they take attention and pay nothing the
 * board can weigh). By default the currency most accounts are valued in; the others are listed so
 * each can be looked at in turn (docs/decisions/0006-attention-board.md).
 */

export interface ShareAccount {
  accountId: string;
  name: string;
  touches90: number;
  value: number | null;
  currency: string | null;
  owners: ReadonlyArray<{ userId: string; name: string }>;
}

export interface ShareRow {
  accountId: string;
  name: string;
  touches90: number;
  value: number;
  touchShare: number;
  valueShare: number;
  /** touchShare − valueShare: negative when an account pays more than the attention it gets. */
  gap: number;
}

export interface OwnerShare {
  userId: string | null;
  name: string;
  touches90: number;
  value: number;
  touchShare: number;
  valueShare: number;
  accounts: ShareRow[];
}

export interface AttentionShare {
  /** The currency compared; null when no account has a value. */
  currency: string | null;
  /** Every currency the accounts are valued in, most accounts first, with how many are. */
  currencies: Array<{ currency: string; accounts: number }>;
  totalTouches90: number;
  totalValue: number;
  owners: OwnerShare[];
}

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

/** The currencies accounts are valued in, most accounts first (then by code). */
function currenciesOf(accounts: readonly ShareAccount[]): AttentionShare['currencies'] {
  const counts = new Map<string, number>();
  for (const a of accounts) if (a.value !== null && a.currency !== null) counts.set(a.currency, (counts.get(a.currency) ?? 0) + 1);
  return [...counts].map(([currency, n]) => ({ currency, accounts: n })).sort((a, b) => b.accounts - a.accounts || a.currency.localeCompare(b.currency));
}

/** The share within `wanted` (or the currency most accounts are valued in, when it is not one of theirs). */
export function computeAttentionShare(all: readonly ShareAccount[], wanted?: string): AttentionShare {
  const currencies = currenciesOf(all);
  const currency = currencies.find((c) => c.currency === wanted)?.currency ?? currencies[0]?.currency ?? null;
  const accounts = all.filter((a) => a.value === null || a.currency === null || a.currency === currency);
  const totalTouches90 = accounts.reduce((sum, a) => sum + a.touches90, 0);
  const totalValue = accounts.reduce((sum, a) => sum + (a.value ?? 0), 0);
  const byOwner = new Map<string, OwnerShare>();
  const ownerOf = (userId: string | null, name: string): OwnerShare => {
    const key = userId ?? '';
    let owner = byOwner.get(key);
    if (!owner) {
      owner = { userId, name, touches90: 0, value: 0, touchShare: 0, valueShare: 0, accounts: [] };
      byOwner.set(key, owner);
    }
    return owner;
  };
  for (const account of accounts) {
    const value = account.value ?? 0;
    const touchShare = ratio(account.touches90, totalTouches90);
    const valueShare = ratio(value, totalValue);
    const row: ShareRow = { accountId: account.accountId, name: account.name, touches90: account.touches90, value, touchShare, valueShare, gap: touchShare - valueShare };
    const owners = account.owners.length > 0 ? account.owners : [{ userId: null, name: 'No owner' }];
    for (const o of owners) {
      const owner = ownerOf(o.userId, o.name);
      owner.accounts.push(row);
      owner.touches90 += account.touches90;
      owner.value += value;
    }
  }
  const owners = [...byOwner.values()].map((o) => ({
    ...o,
    touchShare: ratio(o.touches90, totalTouches90),
    valueShare: ratio(o.value, totalValue),
    accounts: o.accounts.sort((a, b) => a.gap - b.gap || a.name.localeCompare(b.name)),
  }));
  owners.sort((a, b) => (a.userId === null ? 1 : 0) - (b.userId === null ? 1 : 0) || a.name.localeCompare(b.name));
  return { currency, currencies, totalTouches90, totalValue, owners };
}
