import { describe, expect, it } from 'vitest';
import { LOSS_REASONS, summarizeLossReasons, type LostAccount } from './reasons.js';

const lost = (accountId: string, lostOn: string, reasons: LostAccount['reasons'], value: LostAccount['value'] = null, name = accountId): LostAccount => ({
  accountId,
  name,
  lostOn,
  reasons,
  notes: '',
  value,
});

describe('summarizeLossReasons', () => {
  it('no lost accounts: every reason at zero, in taxonomy order', () => {
    const report = summarizeLossReasons([]);
    expect(report.totals).toEqual({ accounts: 0, value: [] });
    expect(report.accounts).toEqual([]);
    expect(report.reasons).toEqual(LOSS_REASONS.map((reason) => ({ reason, accounts: 0, value: [], share: 0 })));
  });

  it('counts an account under each of its reasons, sums value per currency and orders by count', () => {
    const report = summarizeLossReasons([
      lost('a', '2026-01-10', ['price'], { amount: 1000.1, currency: 'EUR' }),
      lost('b', '2026-03-01', ['quality', 'price'], { amount: 2000.2, currency: 'EUR' }),
      lost('c', '2026-02-01', ['quality'], { amount: 500, currency: 'USD' }),
      lost('d', '2026-02-15', ['price', 'relationship'], null),
    ]);
    expect(report.totals).toEqual({
      accounts: 4,
      value: [
        { currency: 'EUR', amount: 3000.3 },
        { currency: 'USD', amount: 500 },
      ],
    });
    expect(report.reasons.slice(0, 3)).toEqual([
      { reason: 'price', accounts: 3, value: [{ currency: 'EUR', amount: 3000.3 }], share: 0.75 },
      { reason: 'quality', accounts: 2, value: [{ currency: 'EUR', amount: 2000.2 }, { currency: 'USD', amount: 500 }], share: 0.5 },
      { reason: 'relationship', accounts: 1, value: [], share: 0.25 },
    ]);
    // The rest are the reasons no one gave, in taxonomy order.
    expect(report.reasons.slice(3).map((r) => r.reason)).toEqual(LOSS_REASONS.filter((r) => !['price', 'quality', 'relationship'].includes(r)));
    expect(report.reasons.slice(3).every((r) => r.accounts === 0)).toBe(true);
    expect(report.accounts.map((a) => a.accountId)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('ties: same count keeps taxonomy order; same day orders by name', () => {
    const report = summarizeLossReasons([lost('x', '2026-01-01', ['unknown'], null, 'Zeta'), lost('y', '2026-01-01', ['price'], null, 'Alpha')]);
    expect(report.reasons.slice(0, 2).map((r) => r.reason)).toEqual(['price', 'unknown']);
    expect(report.accounts.map((a) => a.name)).toEqual(['Alpha', 'Zeta']);
  });

  it('adds money in cents: no floating-point dust', () => {
    const report = summarizeLossReasons([lost('a', '2026-01-01', ['price'], { amount: 0.1, currency: 'EUR' }), lost('b', '2026-01-02', ['price'], { amount: 0.2, currency: 'EUR' })]);
    expect(report.totals.value).toEqual([{ currency: 'EUR', amount: 0.3 }]);
  });
});
