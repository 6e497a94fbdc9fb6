import { z } from 'zod';
import type { RoutesPlugin } from '../platform/http/server.js';
import { actorOf } from '../platform/http/context.js';
import { IdParamsSchema } from '../platform/validation.js';
import {
  CreateTouchpointSchema,
  ListTouchpointsQuerySchema,
  TimelinePageSchema,
  TimelineQuerySchema,
  TouchpointPageSchema,
  TouchpointSchema,
  UpdateTouchpointSchema,
} from './schemas.js';
import { AccountCadenceViewSchema, AttentionBoardSchema, AttentionQuerySchema } from './attention-schemas.js';
import { createTouchpoint } from './create-touchpoint.js';
import { getTouchpoint } from './get-touchpoint.js';
import { updateTouchpoint } from './update-touchpoint.js';
import { deleteTouchpoint } from './delete-touchpoint.js';
import { listTouchpoints } from './list-touchpoints.js';
import { getTimeline } from './get-timeline.js';
import { getAttentionBoard } from './get-attention-board.js';
import { getAccountCadence } from './get-account-cadence.js';

const tags = ['touchpoints'];

export const touchpointRoutes: RoutesPlugin = (app, { deps }) => {
  app.get(
    '/api/touchpoints',
    { schema: { tags, summary: 'List touchpoints, newest first', querystring: ListTouchpointsQuerySchema, response: { 200: TouchpointPageSchema } } },
    async (request) => listTouchpoints(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/touchpoints',
    {
      schema: {
        tags,
        summary: 'Log a touchpoint (201); with an external id already stored, answers the stored one (200)',
        body: CreateTouchpointSchema,
        response: { 200: TouchpointSchema, 201: TouchpointSchema },
      },
    },
    async (request, reply) => {
      const { touchpoint, created } = await createTouchpoint(deps, actorOf(request), request.body);
      return reply.status(created ? 201 : 200).send(touchpoint);
    },
  );
  app.get(
    '/api/touchpoints/:id',
    { schema: { tags, summary: 'Get a touchpoint', params: IdParamsSchema, response: { 200: TouchpointSchema } } },
    async (request) => getTouchpoint(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/touchpoints/:id',
    { schema: { tags, summary: 'Change a touchpoint', params: IdParamsSchema, body: UpdateTouchpointSchema, response: { 200: TouchpointSchema } } },
    async (request) => updateTouchpoint(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/touchpoints/:id',
    { schema: { tags, summary: 'Delete a touchpoint', params: IdParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteTouchpoint(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/accounts/:id/timeline',
    { schema: { tags, summary: "An account's timeline, newest first: touchpoints, project starts, deliverables, targets and incidents", params: IdParamsSchema, querystring: TimelineQuerySchema, response: { 200: TimelinePageSchema } } },
    async (request) => getTimeline(deps, actorOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/accounts/:id/cadence',
    { schema: { tags, summary: "An account's cadence, reasons for attention and each contact's last touch", params: IdParamsSchema, response: { 200: AccountCadenceViewSchema } } },
    async (request) => getAccountCadence(deps, actorOf(request), request.params.id),
  );
  app.get(
    '/api/attention',
    { schema: { tags: ['attention'], summary: 'Attention board: going quiet, client stopped initiating, single-threaded, attention share', querystring: AttentionQuerySchema, response: { 200: AttentionBoardSchema } } },
    async (request) => getAttentionBoard(deps, actorOf(request), request.query),
  );
};
