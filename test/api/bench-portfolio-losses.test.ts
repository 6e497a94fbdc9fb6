import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio, type Portfolio } from '../../bench/generate.js';
import { fixedClock } from '../../src/platform/clock.js';
import { LOSS_REASONS } from '../../src/postmortems/reasons.js';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * The benchmarks' generated portfolio (bench/generate.ts) has lost accounts as Rapport makes them:
 * each with its loss record and the audit row markAccountLost writes, so the loss report, the
 * post-mortem and the backtest read them as they read a marked or imported loss (decision 0021).
 * The clock is fixed at 2026-07-15 12:00 UTC.
 */
const NOW = '2026-07-15T12:00:00.000Z';
let t: TestApp;
let portfolio: Portfolio;

type Json = any;
const db = () => t.rapport.deps.db;

beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock(NOW) });
  portfolio = await generatePortfolio(t.rapport.deps, { accounts: 300, contacts: 300, members: 4, seed: 7, now: new Date(NOW) });
});
afterAll(async () => t.close());

describe('the generated portfolio’s lost accounts', () => {
  it('each has a loss record by the rules of a loss, by one of its owners, with its audit row', async () => {
    const { rows } = await sql<Json>`
      select a.id, a.started_on::text as started_on, l.lost_on::text as lost_on, l.reasons, l.notes, l.recorded_at,
        exists (select 1 from account_owners o where o.workspace_id = a.workspace_id and o.account_id = a.id and o.user_id = l.recorded_by) as by_owner,
        (select count(*)::int from audit_events e where e.workspace_id = a.workspace_id and e.entity_id = a.id::text and e.action = 'account.marked_lost' and e.actor_user_id = l.recorded_by) as audits
      from accounts a left join account_losses l on l.workspace_id = a.workspace_id and l.account_id = a.id
      where a.workspace_id = ${portfolio.workspaceId} and a.status = 'lost'`.execute(db());
    expect(rows.length).toBeGreaterThan(10);
    expect(portfolio.rows.losses).toBe(rows.length);
    for (const r of rows) {
      expect(r.lost_on, r.id).not.toBeNull();
      expect(r.lost_on < '2026-07-15' && r.lost_on >= r.started_on, `${r.started_on} … ${r.lost_on}`).toBe(true);
      expect(r.reasons.length).toBeGreaterThan(0);
      expect(new Set(r.reasons).size).toBe(r.reasons.length);
      expect(r.reasons.every((reason: string) => (LOSS_REASONS as readonly string[]).includes(reason))).toBe(true);
      if (r.reasons.includes('unknown')) expect(r.reasons).toEqual(['unknown']);
      expect(r.recorded_at.getTime()).toBeLessThanOrEqual(Date.parse(NOW));
      expect(r.recorded_at.toISOString().slice(0, 10) >= r.lost_on).toBe(true);
      expect(r.by_owner).toBe(true);
      expect(r.audits).toBe(1);
    }
    // Only lost accounts have one.
    const { rows: others } = await sql<Json>`select count(*)::int as n from account_losses l join accounts a on a.workspace_id = l.workspace_id and a.id = l.account_id
      where l.workspace_id = ${portfolio.workspaceId} and a.status <> 'lost'`.execute(db());
    expect(others[0].n).toBe(0);
  });

  it('the loss report counts every one of them, and each has a post-mortem', async () => {
    const report = await t.request('GET', '/api/postmortems/reasons', { token: portfolio.token });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.totals.accounts).toBe(portfolio.rows.losses);
    const [first] = report.body.accounts;
    const postmortem = await t.request('GET', `/api/accounts/${first.accountId}/postmortem`, { token: portfolio.token });
    expect(postmortem.status, JSON.stringify(postmortem.body)).toBe(200);
    expect(postmortem.body.loss.lostOn).toBe(first.lostOn);
  });

  it('is the same portfolio for the same seed and day', async () => {
    const again = await generatePortfolio(t.rapport.deps, { accounts: 300, contacts: 300, members: 4, seed: 7, now: new Date(NOW) });
    const losses = async (workspaceId: string) =>
      (
        await sql<Json>`select a.name, l.lost_on::text as lost_on, l.reasons, l.notes from account_losses l join accounts a on a.workspace_id = l.workspace_id and a.id = l.account_id
          where l.workspace_id = ${workspaceId} order by a.name`.execute(db())
      ).rows;
    expect(await losses(again.workspaceId)).toEqual(await losses(portfolio.workspaceId));
  });
});
