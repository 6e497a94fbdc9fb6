import type { Database } from '../platform/db/database.js';
import type { Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { findWorkspace } from '../cli/open.js';
import { recomputeHealth } from './recompute.js';
import { backfillHealth } from './backfill.js';

/** The workspace named on the command line, or every workspace. */
async function workspacesNamed(deps: Deps, key: string | undefined): Promise<Array<{ id: string; name: string }>> {
  if (key) return [await findWorkspace(deps, key)];
  return deps.db.selectFrom('workspaces').select(['id', 'name']).orderBy('name').execute();
}

/**
 * `rapport health recompute [--workspace W]`: recomputes every open account of one workspace, or
 * of all, now, with progress on stderr and a summary per workspace on stdout. With PGlite the
 * running server holds the data folder; it recomputes changed accounts as they change and all of
 * them nightly, and `POST /api/health/recompute` asks it to recompute now.
 */
export async function recomputeCommand(
  opts: { workspace?: string },
  ctx: { open: () => Promise<{ database: Database; deps: Deps }>; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream },
): Promise<void> {
  const out = ctx.out ?? process.stdout;
  const err = ctx.err ?? process.stderr;
  let opened: { database: Database; deps: Deps };
  try {
    opened = await ctx.open();
  } catch (error) {
    if (error instanceof AppError && error.code === 'locked') {
      throw new AppError(
        'locked',
        `${error.message} The running server recomputes changed accounts as they change and every account nightly; to recompute all now, call POST /api/health/recompute (admin) or stop the server first.`,
      );
    }
    throw error;
  }
  const { database, deps } = opened;
  try {
    const workspaces = await workspacesNamed(deps, opts.workspace);
    for (const ws of workspaces) {
      const started = performance.now();
      const result = await recomputeHealth(deps, ws.id, { all: true }, {
        cause: 'recompute',
        onProgress: (done, total) => err.write(`\r${ws.name}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} accounts`),
      });
      if (result.accounts > 0) err.write('\n');
      const ms = Math.round(performance.now() - started);
      out.write(
        `${ws.name}: ${result.accounts} accounts recomputed as of ${result.asOf} with model v${result.modelVersion} in ${ms} ms — ` +
          `${result.snapshots} snapshots, ${result.alertsOpened} alerts opened, ${result.alertsResolved} resolved\n`,
      );
    }
  } finally {
    await database.close();
  }
}

/**
 * `rapport health backfill [--workspace W] [--days N]`: writes the score history the accounts
 * would have had over the last N days (daily snapshots and alerts with their dates), from the facts
 * known each day — after importing a CRM's history, so the charts and the backtest have a past.
 */
export async function backfillCommand(
  opts: { workspace?: string; days?: string },
  ctx: { open: () => Promise<{ database: Database; deps: Deps }>; out?: NodeJS.WritableStream },
): Promise<void> {
  const out = ctx.out ?? process.stdout;
  const days = Number(opts.days ?? 365);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new AppError('invalid_input', '--days must be a whole number from 1 to 3650', [{ path: 'days', message: 'From 1 to 3650' }]);
  const { database, deps } = await ctx.open();
  try {
    const workspaces = await workspacesNamed(deps, opts.workspace);
    for (const ws of workspaces) {
      const started = performance.now();
      const result = await backfillHealth(deps, ws.id, { days });
      out.write(
        `${ws.name}: ${result.accounts} accounts, ${days} days — ${result.snapshots} snapshots, ${result.alertsOpened} alerts raised ` +
          `(${result.alertsResolved} since resolved) in ${Math.round(performance.now() - started)} ms\n`,
      );
    }
  } finally {
    await database.close();
  }
}
