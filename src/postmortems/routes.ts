import { z } from 'zod';
import type { RoutesPlugin } from '../platform/http/server.js';
import { actorOf } from '../platform/http/context.js';
import { AppError } from '../platform/errors.js';
import { IdParamsSchema } from '../platform/validation.js';
import { importAccess, importActorOf } from '../imports/local-access.js';
import { BacktestQuerySchema, BacktestSchema, LossReportQuerySchema, LossReportSchema, LossSchema, MarkLostSchema, PostmortemSchema } from './schemas.js';
import { markAccountLost } from './mark-lost.js';
import { unmarkAccountLost } from './unmark-lost.js';
import { getPostmortem } from './get-postmortem.js';
import { getLossReport } from './loss-report.js';
import { MAX_BACKTEST_ACCOUNTS, runBacktest } from './run-backtest.js';

const tags = ['postmortems'];

/** Servers with a backtest running: one at a time per process, as a replay is CPU-bound and shares it with every request. */
const backtesting = new WeakSet<object>();

export const postmortemRoutes: RoutesPlugin = (app, ctx) => {
  const { deps } = ctx;
  app.post(
    '/api/accounts/:id/lost',
    {
      schema: {
        tags,
        summary: 'Mark an account lost with the day and the reasons (201); marking it again edits the record (200)',
        params: IdParamsSchema,
        body: MarkLostSchema,
        response: { 200: LossSchema, 201: LossSchema },
      },
    },
    async (request, reply) => {
      const { loss, created } = await markAccountLost(deps, actorOf(request), request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(loss);
    },
  );
  app.delete(
    '/api/accounts/:id/lost',
    { schema: { tags, summary: 'Undo marking an account lost: removes the record and makes the account active again', params: IdParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await unmarkAccountLost(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/accounts/:id/postmortem',
    {
      schema: {
        tags,
        summary: 'The post-mortem of a lost account: late deliverables, missed targets, incidents, contact gaps, initiation, health and alerts in the 180 days before the loss',
        params: IdParamsSchema,
        response: { 200: PostmortemSchema },
      },
    },
    async (request) => getPostmortem(deps, actorOf(request), request.params.id),
  );
  app.get(
    '/api/postmortems/reasons',
    { schema: { tags, summary: 'Why accounts were lost: per reason the lost accounts and their value, and every lost account', querystring: LossReportQuerySchema, response: { 200: LossReportSchema } } },
    async (request) => getLossReport(deps, actorOf(request), request.query),
  );
  app.get(
    '/api/backtest',
    {
      // Like the import routes, also reachable with this server's local secret: `rapport backtest` uses it when the server holds the data folder.
      config: { access: 'public' },
      onRequest: importAccess(ctx, 'viewer'),
      schema: {
        tags,
        summary: 'Backtest the health model on the workspace’s history: lead time before each loss, precision and recall of at-risk',
        description: `Replays every lost and retained account day by day (at most ${MAX_BACKTEST_ACCOUNTS.toLocaleString('en')} accounts; more is refused as invalid_input, and \`rapport backtest\` has no limit). One backtest runs at a time per server; another meanwhile is refused as rate_limited.`,
        querystring: BacktestQuerySchema,
        response: { 200: BacktestSchema },
      },
    },
    async (request) => {
      if (backtesting.has(deps)) {
        throw new AppError('rate_limited', 'A backtest is already running on this server; try again when it is done', [{ path: 'retryAfter', message: '30' }]);
      }
      backtesting.add(deps);
      try {
        const { model, compare, horizon } = request.query;
        return await runBacktest(deps, importActorOf(request), { model, compare, horizonDays: horizon }, { maxAccounts: MAX_BACKTEST_ACCOUNTS });
      } finally {
        backtesting.delete(deps);
      }
    },
  );
};
