/**
 * How the team's attention is shared: each account's share of the team's touches in the last 90
 * days next to its share of the portfolio's monthly value, per owner. Pure.
 *
 * Values are compared as numbers whatever their currency: Rapport keeps no exchange rates, and
 * portfolios are nearly always in one currency (docs/decisions/0006-attention-board.md).
 */

export interface ShareAccount {
  accountId: string;
  name: string;
  touches90: number;
  value: number | null;
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
  totalTouches90: number;
  totalValue: number;
  owners: OwnerShare[];
}

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

export function computeAttentionShare(accounts: readonly ShareAccount[]): AttentionShare {
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
  return { totalTouches90, totalValue, owners };
}
