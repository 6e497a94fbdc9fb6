import type { FastifyRequest } from 'fastify';
import type { RoutesPlugin } from '../platform/http/server.js';
import { actorOf } from '../platform/http/context.js';
import { notFound } from '../platform/errors.js';
import { IdParamsSchema } from '../platform/validation.js';
import {
  AccountHealthSchema,
  AlertNoteSchema,
  AlertPageSchema,
  AlertSchema,
  HealthChangeQuerySchema,
  HealthChangeSchema,
  HealthHistoryQuerySchema,
  HealthHistorySchema,
  ListAlertsQuerySchema,
  ModelVersionsSchema,
  PortfolioHealthSchema,
  RecomputeAcceptedSchema,
  SaveModelSchema,
  SnoozeAlertSchema,
  VersionedModelSchema,
} from './schemas.js';
import { getAccountHealth } from './get-account-health.js';
import { getHealthHistory } from './get-health-history.js';
import { getHealthChange } from './get-health-change.js';
import { getPortfolioHealth } from './get-portfolio-health.js';
import { saveHealthModel } from './save-health-model.js';
import { queueFullRecompute } from './request-recompute.js';
import { currentHealthModel, listHealthModels } from './model-repo.js';
import { findAlert, listAlerts } from './alerts-view.js';
import { actOnAlert } from './act-on-alert.js';
import { ensureFresh, ensureFreshAccounts } from './recompute.js';

const tags = ['health'];

/** A POST with no body at all (no content type) means "no note"; a JSON null is still a 400. */
const noBodyIsEmpty = async (request: FastifyRequest) => {
  if (request.body == null && request.headers['content-type'] === undefined) request.body = {};
};
const alertTags = ['alerts'];

export const healthScoreRoutes: RoutesPlugin = (app, { deps }) => {
  app.get(
    '/api/accounts/:id/health',
    { schema: { tags, summary: "An account's health now: score, band, components and the facts behind each", params: IdParamsSchema, response: { 200: AccountHealthSchema } } },
    async (request) => getAccountHealth(deps, actorOf(request), request.params.id),
  );
  app.get(
    '/api/accounts/:id/health/history',
    {
      schema: {
        tags,
        summary: "An account's health snapshots, oldest first (one a day and one per change)",
        params: IdParamsSchema,
        querystring: HealthHistoryQuerySchema,
        response: { 200: HealthHistorySchema },
      },
    },
    async (request) => getHealthHistory(deps, actorOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/accounts/:id/health/changes',
    {
      schema: {
        tags,
        summary: 'Why the health changed between two snapshots: components that moved and the facts that moved them',
        params: IdParamsSchema,
        querystring: HealthChangeQuerySchema,
        response: { 200: HealthChangeSchema },
      },
    },
    async (request) => getHealthChange(deps, actorOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/health/portfolio',
    { schema: { tags, summary: 'Score, band, 30-day trend and open alerts of every open account', response: { 200: PortfolioHealthSchema } } },
    async (request) => getPortfolioHealth(deps, actorOf(request)),
  );
  app.get(
    '/api/health/model',
    { schema: { tags, summary: 'The health model in force (version 0 is the built-in default)', response: { 200: VersionedModelSchema } } },
    async (request) => currentHealthModel(deps.db, actorOf(request).workspaceId),
  );
  app.get(
    '/api/health/models',
    { schema: { tags, summary: 'Every version of the health model, newest first', response: { 200: ModelVersionsSchema } } },
    async (request) => {
      const items = await listHealthModels(deps.db, actorOf(request).workspaceId);
      return { current: items[0]?.version ?? 0, items };
    },
  );
  app.put(
    '/api/health/model',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Save a new version of the health model; every open account is recomputed with it', body: SaveModelSchema, response: { 201: VersionedModelSchema } },
    },
    async (request, reply) => reply.status(201).send(await saveHealthModel(deps, actorOf(request), request.body)),
  );
  app.post(
    '/api/health/recompute',
    { config: { access: 'admin' }, schema: { tags, summary: 'Queue a recompute of every open account (202)', response: { 202: RecomputeAcceptedSchema } } },
    async (request, reply) => reply.status(202).send(await queueFullRecompute(deps, actorOf(request).workspaceId)),
  );

  app.get(
    '/api/alerts',
    { schema: { tags: alertTags, summary: 'Alerts, newest first or by severity (unresolved by default), with counts per state', querystring: ListAlertsQuerySchema, response: { 200: AlertPageSchema } } },
    async (request) => {
      const actor = actorOf(request);
      // One account's alerts are brought to today (a few ms); the workspace's are as the board's (changes now, a new day
      // queued), and the answer says how current they are.
      if (request.query.accountId) {
        await ensureFreshAccounts(deps, actor.workspaceId, [request.query.accountId]);
        return listAlerts(deps.db, actor.workspaceId, request.query, deps.clock.now());
      }
      const freshness = await ensureFresh(deps, actor.workspaceId);
      return { ...(await listAlerts(deps.db, actor.workspaceId, request.query, deps.clock.now())), freshness };
    },
  );
  app.get(
    '/api/alerts/:id',
    { schema: { tags: alertTags, summary: 'An alert with its reasons and the facts behind them', params: IdParamsSchema, response: { 200: AlertSchema } } },
    async (request) => {
      const alert = await findAlert(deps.db, actorOf(request).workspaceId, request.params.id, deps.clock.now());
      if (!alert) throw notFound('Alert');
      return alert;
    },
  );
  app.post(
    '/api/alerts/:id/acknowledge',
    { preValidation: noBodyIsEmpty, schema: { tags: alertTags, summary: 'Acknowledge an alert: someone has seen it and is on it', params: IdParamsSchema, body: AlertNoteSchema, response: { 200: AlertSchema } } },
    async (request) => actOnAlert(deps, actorOf(request), request.params.id, { action: 'acknowledge', note: request.body.note }),
  );
  app.post(
    '/api/alerts/:id/snooze',
    { schema: { tags: alertTags, summary: 'Snooze an alert until a time; it opens again then if it still holds', params: IdParamsSchema, body: SnoozeAlertSchema, response: { 200: AlertSchema } } },
    async (request) => actOnAlert(deps, actorOf(request), request.params.id, { action: 'snooze', until: request.body.until, note: request.body.note }),
  );
  app.post(
    '/api/alerts/:id/resolve',
    { preValidation: noBodyIsEmpty, schema: { tags: alertTags, summary: 'Resolve an alert by hand', params: IdParamsSchema, body: AlertNoteSchema, response: { 200: AlertSchema } } },
    async (request) => actOnAlert(deps, actorOf(request), request.params.id, { action: 'resolve', note: request.body.note }),
  );
};

