import type { Deps } from '../platform/deps.js';
import type { Actor } from '../platform/auth/roles.js';
import { toIsoDate } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { loadAccountFacts } from '../health/facts-repo.js';
import { currentHealthModel, findHealthModel, listHealthModels, type VersionedModel } from '../health/model-repo.js';
import { backtestMetrics, predictionOf, replayAccount, type BacktestAccount, type BacktestMetrics } from './backtest.js';
import { MAX_REPLAY_DAYS, mergeBacktestMetrics, replayRange } from './backtest-runs.js';
import { postmortemsRepo } from './repo.js';
import type { BacktestView } from './schemas.js';

/** The most accounts one backtest over HTTP replays (a few minutes of CPU at most); the CLI has no limit. */
export const MAX_BACKTEST_ACCOUNTS = 2_000;
/** Days before a loss in which the first at-risk day is looked for (backtest.ts). */
export const LOOKBACK_DAYS = 180;
/** Accounts whose facts are loaded and replayed together: one batch's daily bands are in memory at a time. */
const BATCH = 50;

export interface BacktestInput {
  /** The model version to test; the one in force when absent. 0 is the built-in default. */
  model?: number | undefined;
  /** A second version, replayed over the same accounts and days. */
  compare?: number | undefined;
  horizonDays: number;
}

export interface BacktestProgress {
  accountsDone: number;
  accountsTotal: number;
  /** Account-days replayed so far (per model). */
  daysReplayed: number;
}

export interface BacktestOptions {
  /** Refuse (`invalid_input`) a workspace with more accounts to replay than this. */
  maxAccounts?: number;
  onProgress?: (progress: BacktestProgress) => void;
}

async function resolveModel(deps: Deps, workspaceId: string, version: number, field: 'model' | 'compare'): Promise<VersionedModel> {
  const found = await findHealthModel(deps.db, workspaceId, version);
  if (found) return found;
  const versions = (await listHealthModels(deps.db, workspaceId)).map((m) => m.version).join(', ');
  throw new AppError('invalid_input', `There is no health model version ${version}`, [{ path: field, message: `No such version; this workspace has ${versions}` }]);
}

/** Lets the event loop serve others between accounts: a replay is CPU only, and the server shares the process. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Backtests the health model on the workspace's own history: replays every lost account (up to its
 * loss) and every retained one (up to today) day by day, on only the facts known each day, and
 * reports for each lost account the first day it was at risk and the lead time to the loss, and the
 * precision and recall of the at-risk band at the horizon (definitions in backtest.ts). With
 * `compare`, a second model replays the same accounts over the same days.
 */
export async function runBacktest(deps: Deps, actor: Pick<Actor, 'workspaceId'>, input: BacktestInput, options: BacktestOptions = {}): Promise<BacktestView> {
  const workspaceId = actor.workspaceId;
  const primary = input.model === undefined ? await currentHealthModel(deps.db, workspaceId) : await resolveModel(deps, workspaceId, input.model, 'model');
  const models = input.compare === undefined ? [primary] : [primary, await resolveModel(deps, workspaceId, input.compare, 'compare')];

  const repo = postmortemsRepo(deps.db);
  const accounts = await repo.backtestAccounts(workspaceId);
  const limit = options.maxAccounts ?? Infinity;
  if (accounts.length > limit) {
    throw new AppError('invalid_input', `A backtest here replays at most ${limit.toLocaleString('en')} accounts; this workspace has ${accounts.length.toLocaleString('en')}. Run \`rapport backtest\` on the server instead.`, [
      { path: 'workspace', message: `${accounts.length} lost and retained accounts` },
    ]);
  }
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const today = toIsoDate(deps.clock.now());
  const parts: BacktestMetrics[][] = models.map(() => []);
  let daysReplayed = 0;
  let done = 0;
  options.onProgress?.({ accountsDone: 0, accountsTotal: accounts.length, daysReplayed: 0 });

  for (let i = 0; i < accounts.length; i += BATCH) {
    const batch = accounts.slice(i, i + BATCH);
    const facts = await loadAccountFacts(deps.db, workspaceId, batch.map((a) => a.id));
    const replayed: BacktestAccount[][] = models.map(() => []);
    for (const account of batch) {
      const accountFacts = facts.get(account.id);
      const range = accountFacts ? replayRange(accountFacts, account, today, MAX_REPLAY_DAYS) : null;
      models.forEach((m, k) => {
        // A lost account with no day to replay is still listed: lost without data, never flagged (backtest.ts).
        const daily = accountFacts && range ? replayAccount(accountFacts, m.model, range.fromDay, range.toDay).map(predictionOf) : [];
        if (k === 0) daysReplayed += daily.length;
        replayed[k]!.push({ accountId: account.id, lostOn: account.lostOn, daily });
      });
      done += 1;
      await yieldToOthers();
    }
    models.forEach((_m, k) => parts[k]!.push(backtestMetrics(replayed[k]!, input.horizonDays, LOOKBACK_DAYS)));
    options.onProgress?.({ accountsDone: done, accountsTotal: accounts.length, daysReplayed });
  }

  const lostCount = accounts.filter((a) => a.lostOn !== null).length;
  return {
    asOf: today,
    horizonDays: input.horizonDays,
    lookbackDays: LOOKBACK_DAYS,
    maxReplayDays: MAX_REPLAY_DAYS,
    accounts: { lost: lostCount, retained: accounts.length - lostCount, replayedDays: daysReplayed },
    models: models.map((m, k) => {
      const metrics = mergeBacktestMetrics(parts[k]!, input.horizonDays, LOOKBACK_DAYS);
      return {
        version: m.version,
        note: m.note,
        precision: metrics.precision,
        accountPrecision: metrics.accountPrecision,
        recall: metrics.recall,
        medianLeadDays: metrics.medianLeadDays,
        medianWatchLeadDays: metrics.medianWatchLeadDays,
        counts: metrics.counts,
        lost: metrics.lost
          .map((l) => ({ ...l, name: names.get(l.accountId) ?? '' }))
          .sort((a, b) => (a.lostOn === b.lostOn ? a.name.localeCompare(b.name) : a.lostOn < b.lostOn ? 1 : -1)),
      };
    }),
  };
}
