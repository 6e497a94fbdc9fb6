import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { z } from 'zod';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { AppError, ERROR_CODES } from '../platform/errors.js';
import { chooseWorkspace, LOCAL_SECRET_HEADER, readServerInfo, type ServerInfo } from '../imports/local-access.js';
import { runBacktest, type BacktestProgress } from './run-backtest.js';
import { BacktestSchema, type BacktestView } from './schemas.js';

const Version = z.string().regex(/^\d{1,9}$/, 'A model version: a whole number, 0 for the built-in default').transform(Number);

export const BacktestCommandOptionsSchema = z.object({
  workspace: z.string().trim().min(1).max(200).optional(),
  model: Version.optional(),
  compare: Version.optional(),
  horizon: z.string().regex(/^\d{1,3}$/, 'Whole days').transform(Number).pipe(z.number().min(7, 'At least 7 days').max(365, 'At most 365 days')).default(90),
  json: z.boolean().default(false),
});
export type BacktestCommandOptions = z.infer<typeof BacktestCommandOptionsSchema>;

export interface BacktestResult {
  view: BacktestView;
  /** The database directly, or a running server (whose URL is given) that holds the data folder. */
  via: { kind: 'database' } | { kind: 'server'; url: string };
  workspace: { name: string; slug: string } | null;
}

/**
 * What `rapport backtest` does: opens the database itself when it can and replays there, with
 * progress and no limit on accounts. When an embedded server holds the data folder (`locked`), it
 * asks that server instead (GET /api/backtest with the local secret it left in server.json, as
 * `rapport import` does): the server's limit of accounts applies, and there is no progress to show.
 */
export async function backtest(
  options: BacktestCommandOptions,
  env: { config: Config; open: () => Promise<{ database: Database; deps: Deps }>; onProgress?: (p: BacktestProgress) => void; onServer?: (url: string) => void },
): Promise<BacktestResult> {
  let opened: { database: Database; deps: Deps };
  try {
    opened = await env.open();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'locked' || env.config.DATABASE_URL) throw error;
    const server = readServerInfo(env.config.RAPPORT_DATA_DIR);
    if (!server) throw new AppError('locked', `${error.message} (It left no server.json to reach it by: stop it, or set DATABASE_URL to a PostgreSQL server.)`);
    env.onServer?.(server.url);
    return { view: await backtestThroughServer(server, options), via: { kind: 'server', url: server.url }, workspace: null };
  }
  const { database, deps } = opened;
  try {
    const workspace = await chooseWorkspace(deps, options.workspace);
    const view = await runBacktest(deps, { workspaceId: workspace.id }, { model: options.model, compare: options.compare, horizonDays: options.horizon }, { onProgress: env.onProgress });
    return { view, via: { kind: 'database' }, workspace: { name: workspace.name, slug: workspace.slug } };
  } finally {
    await database.close();
  }
}

const ErrorBodySchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })).default([]) }) });

/** GET /api/backtest on the local server; an error answer becomes the AppError it stands for. */
function backtestThroughServer(server: ServerInfo, options: BacktestCommandOptions): Promise<BacktestView> {
  const query = new URLSearchParams({ horizon: String(options.horizon) });
  if (options.model !== undefined) query.set('model', String(options.model));
  if (options.compare !== undefined) query.set('compare', String(options.compare));
  const url = new URL(`/api/backtest?${query}`, server.url);
  const headers: Record<string, string> = { [LOCAL_SECRET_HEADER]: server.secret, accept: 'application/json' };
  if (options.workspace) headers['x-rapport-workspace'] = options.workspace;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          reject(new AppError('internal_error', `The server at ${server.url} answered ${res.statusCode} with something other than JSON`));
          return;
        }
        if ((res.statusCode ?? 500) >= 400) {
          const error = ErrorBodySchema.safeParse(parsed);
          reject(error.success ? new AppError(error.data.error.code, error.data.error.message, error.data.error.details) : new AppError('internal_error', `The server answered ${res.statusCode}`));
          return;
        }
        const view = BacktestSchema.safeParse(parsed);
        if (view.success) resolve(view.data);
        else reject(new AppError('internal_error', `The server at ${server.url} answered a backtest this command does not understand (a different version of Rapport?)`));
      });
    });
    req.on('error', (error) => reject(new AppError('locked', `A Rapport server holds the data folder, but it could not be reached at ${server.url} (${error.message})`)));
    req.end();
  });
}

const count = (n: number) => n.toLocaleString('en');
const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);

/**
 * A progress line on a terminal, rewritten in place; off a terminal (a log, a pipe) a line every
 * ten seconds, so a short run prints only its result.
 */
export function backtestProgressPrinter(stream: NodeJS.WriteStream, now: () => number = Date.now): { update(p: BacktestProgress): void; done(): void } {
  const started = now();
  let lastPrinted = stream.isTTY ? 0 : started;
  let printed = false;
  return {
    update(p) {
      const t = now();
      if (t - lastPrinted < (stream.isTTY ? 100 : 10_000)) return;
      lastPrinted = t;
      const share = p.accountsTotal > 0 ? Math.floor((p.accountsDone / p.accountsTotal) * 100) : 100;
      const perSecond = Math.round(p.daysReplayed / Math.max(0.001, (t - started) / 1000));
      const line = `  Replaying: ${count(p.accountsDone)} of ${count(p.accountsTotal)} accounts (${share}%) · ${count(p.daysReplayed)} account-days · ${count(perSecond)} days/s`;
      stream.write(stream.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
      printed = true;
    },
    done() {
      if (printed && stream.isTTY) stream.write('\n');
    },
  };
}

/** Left-aligned columns, two spaces apart. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

/** The result as a person reads it: the metrics of each model side by side, then every lost account. */
export function formatBacktest(result: BacktestResult): string {
  const { view } = result;
  const where = result.workspace ? `${result.workspace.name} (${result.workspace.slug})` : `the workspace, through the running server at ${result.via.kind === 'server' ? result.via.url : ''}`;
  const label = (m: BacktestView['models'][number]) => `Model ${m.version}${m.note ? ` (${m.note})` : ''}`;
  const lines = [
    `Backtest of the health model in ${where}, as of ${view.asOf}`,
    `${count(view.accounts.lost)} lost and ${count(view.accounts.retained)} retained accounts, ${count(view.accounts.replayedDays)} account-days replayed; horizon ${view.horizonDays} days.`,
    '',
  ];
  const ratioOf = (share: number | null, part: number, whole: number) => `${percent(share)} (${count(part)} of ${count(whole)})`;
  lines.push(
    ...table([
      ['', ...view.models.map(label)],
      ['Recall: lost accounts flagged in time', ...view.models.map((m) => ratioOf(m.recall, m.counts.lostAccountsFlagged, m.counts.lostAccounts))],
      ['Precision: at-risk days before a loss', ...view.models.map((m) => ratioOf(m.precision, m.counts.truePositiveDays, m.counts.atRiskDays))],
      ['Precision: flagged accounts lost', ...view.models.map((m) => ratioOf(m.accountPrecision, m.counts.flaggedAccountsLost, m.counts.flaggedAccounts))],
      ['Median lead time: first at risk', ...view.models.map((m) => (m.medianLeadDays === null ? '–' : `${m.medianLeadDays} days`))],
      ['Median lead time: first below healthy', ...view.models.map((m) => (m.medianWatchLeadDays === null ? '–' : `${m.medianWatchLeadDays} days`))],
      ['Account-days without data: no prediction', ...view.models.map((m) => `${count(m.counts.noDataDays)} of ${count(view.accounts.replayedDays)}`)],
      [`Lost accounts without data in the ${view.horizonDays} days before`, ...view.models.map((m) => `${count(m.counts.lostAccountsWithoutData)} of ${count(view.accounts.lost)}`)],
    ]),
  );
  const [first] = view.models;
  if (!first || first.lost.length === 0) {
    lines.push(
      '',
      'No account is marked lost yet, so there is no loss to measure lead times against.',
      'Mark a client who left as lost from its account page in the web app (Mark as lost), with the day it was lost,',
      'or import churned clients with their churn date: rapport import FILE (decision 0021).',
    );
    return `${lines.join('\n')}\n`;
  }
  const byModel = view.models.map((m) => new Map(m.lost.map((l) => [l.accountId, l])));
  // At risk once within the look-back, but not within the horizon before the loss: it does not count for recall.
  type Lost = BacktestView['models'][number]['lost'][number] | undefined;
  // Without data in the horizon, the account made no prediction there: not "never at risk".
  const noData = `no data in the last ${view.horizonDays} days`;
  const firstRisk = (l: Lost) =>
    !l || l.firstAtRiskOn === null
      ? l && !l.hasDataWithinHorizon
        ? noData
        : 'never at risk'
      : `${l.firstAtRiskOn} (${l.leadDays} days ahead)${l.isFlaggedWithinHorizon ? '' : l.hasDataWithinHorizon ? `, not in the last ${view.horizonDays}` : `, then ${noData}`}`;
  const firstWatch = (l: Lost) =>
    !l || l.firstWatchOn === null ? (l && !l.hasDataWithinHorizon ? 'no data' : 'never below healthy') : `${l.firstWatchOn} (${l.watchLeadDays} days ahead)`;
  lines.push(
    '',
    ...table([
      ['Lost account', 'Lost on', ...view.models.flatMap((m) => [`First at risk, model ${m.version}`, `First below healthy, model ${m.version}`])],
      ...first.lost.map((l) => [l.name, l.lostOn, ...byModel.flatMap((lost) => [firstRisk(lost.get(l.accountId)), firstWatch(lost.get(l.accountId))])]),
    ]),
  );
  return `${lines.join('\n')}\n`;
}

/** The `backtest` command: progress on stderr, the table (or JSON) on stdout. */
export async function backtestCommand(raw: Record<string, unknown>, env: { config: Config; open: () => Promise<{ database: Database; deps: Deps }> }): Promise<void> {
  const options = BacktestCommandOptionsSchema.parse(raw);
  const progress = backtestProgressPrinter(process.stderr);
  const result = await backtest(options, {
    ...env,
    onProgress: (p) => progress.update(p),
    onServer: (url) => process.stderr.write(`The running server at ${url} holds the data folder: replaying there (no progress to show)…\n`),
  });
  progress.done();
  process.stdout.write(options.json ? `${JSON.stringify(result.view, null, 2)}\n` : formatBacktest(result));
}
