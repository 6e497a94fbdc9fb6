import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { fixedClock } from '../platform/clock.js';
import type { Deps } from '../platform/deps.js';
import { createTestApp, type TestApp, type TestMember } from '../../test/support/app.js';
import { createAccount } from '../../test/support/factories.js';
import { getAccountHealth } from './get-account-health.js';

/**
 * GET /api/accounts/{id}/health reads the account's signals (the one heavy statement of the read)
 * once, whether its score was current or had to be recomputed first: when the recompute ran, the
 * answer is built from the signals it read. Counted by a plugin that sees every statement sent.
 */
const clock = fixedClock('2026-06-15T10:00:00Z');
let t: TestApp;
let member: TestMember;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp({ clock });
  member = await t.newWorkspace('Read-once Agency');
  accountId = (await createAccount(t, member.token, { name: 'Counted Ltd', status: 'active', cadenceDays: 14 })).id;
});
afterAll(async () => t.close());

/** The account's health read through a database that counts the signals statements it is sent. */
async function readCounting(): Promise<{ signalsReads: number; score: number }> {
  const deps = t.rapport.deps;
  let signalsReads = 0;
  const counter: KyselyPlugin = {
    transformQuery(args) {
      // The signals statement (signals-sql.ts) is the one that sums the sentiment in thousandths.
      if (deps.db.getExecutor().compileQuery(args.node, args.queryId).sql.includes('sentiment_milli')) signalsReads++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const counting: Deps = { ...deps, db: deps.db.withPlugin(counter) };
  const health = await getAccountHealth(counting, { workspaceId: member.workspaceId }, accountId);
  return { signalsReads, score: health.score };
}

const touch = async (subject: string) => {
  const res = await t.request('POST', '/api/touchpoints', {
    token: member.token,
    body: { accountId, channel: 'call', direction: 'client_initiated', occurredAt: clock.now().toISOString(), subject },
  });
  expect(res.status).toBe(201);
};

describe("an account's health reads its signals once", () => {
  it('when a fact changed since the last score (the recompute runs first)', async () => {
    await touch('Kick-off');
    const read = await readCounting();
    expect(read.signalsReads).toBe(1);
    // And the answer is the score the recompute wrote.
    const stored = await t.rapport.deps.db.selectFrom('health_current').select('score').where('account_id', '=', accountId).executeTakeFirstOrThrow();
    expect(read.score).toBe(Number(stored.score));
  });

  it('when the score is current (no recompute)', async () => {
    expect((await readCounting()).signalsReads).toBe(1);
  });

  it('on a new day (the recompute runs for the day)', async () => {
    clock.advance(86_400_000);
    expect((await readCounting()).signalsReads).toBe(1);
    expect((await readCounting()).signalsReads).toBe(1);
  });
});
