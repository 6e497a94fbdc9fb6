/**
 * Why accounts are lost, pure: the taxonomy a loss is recorded with, and the portfolio report of
 * loss reasons (how many lost accounts gave each reason and what they were worth). The SQL that
 * reads the losses is in repo.ts; reasons.test.ts pins the arithmetic down.
 */

/**
 * The reasons a loss may be recorded with. `staff_change_client` and `staff_change_agency` tell
 * apart "our champion left them" from "our people changed"; `in_housing` is the client doing the
 * work themselves, `consolidation` the client moving it to one agency (not us) or a holding group.
 */
export const LOSS_REASONS = [
  'price',
  'quality',
  'missed_results',
  'relationship',
  'staff_change_client',
  'staff_change_agency',
  'strategy_change',
  'in_housing',
  'consolidation',
  'unknown',
] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

/** A sum of money per currency: accounts may be valued in different currencies, never added across them. */
export interface MoneyTotal {
  currency: string;
  amount: number;
}

/** One lost account as the report reads it. */
export interface LostAccount {
  accountId: string;
  name: string;
  lostOn: string;
  reasons: LossReason[];
  notes: string;
  value: { amount: number; currency: string } | null;
}

export interface ReasonLine {
  reason: LossReason;
  /** Lost accounts that gave this reason (an account with three reasons counts once under each). */
  accounts: number;
  /** Their value, per currency, largest first; accounts without a value add nothing. */
  value: MoneyTotal[];
  /** The share of lost accounts (in the report's range) that gave this reason, 0 … 1; 0 when none were lost. */
  share: number;
}

export interface LossReport {
  totals: { accounts: number; value: MoneyTotal[] };
  /** Every reason of the taxonomy (also those no account gave), most accounts first, then taxonomy order. */
  reasons: ReasonLine[];
  /** Latest loss first, then by name. */
  accounts: LostAccount[];
}

/** Cents, so that sums of money are exact. */
const cents = (amount: number): number => Math.round(amount * 100);

function sumByCurrency(accounts: readonly LostAccount[]): MoneyTotal[] {
  const totals = new Map<string, number>();
  for (const a of accounts) {
    if (!a.value) continue;
    totals.set(a.value.currency, (totals.get(a.value.currency) ?? 0) + cents(a.value.amount));
  }
  return [...totals]
    .map(([currency, total]) => ({ currency, amount: total / 100 }))
    .sort((x, y) => y.amount - x.amount || (x.currency < y.currency ? -1 : 1));
}

/** The report of loss reasons over the given lost accounts. */
export function summarizeLossReasons(lost: readonly LostAccount[]): LossReport {
  const accounts = [...lost].sort((a, b) => (a.lostOn === b.lostOn ? a.name.localeCompare(b.name) || (a.accountId < b.accountId ? -1 : 1) : a.lostOn < b.lostOn ? 1 : -1));
  const reasons = LOSS_REASONS.map((reason, order) => {
    const giving = accounts.filter((a) => a.reasons.includes(reason));
    return {
      order,
      line: { reason, accounts: giving.length, value: sumByCurrency(giving), share: accounts.length === 0 ? 0 : giving.length / accounts.length },
    };
  })
    .sort((x, y) => y.line.accounts - x.line.accounts || x.order - y.order)
    .map((x) => x.line);
  return { totals: { accounts: accounts.length, value: sumByCurrency(accounts) }, reasons, accounts };
}
