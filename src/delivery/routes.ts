import { z } from 'zod';
import type { RoutesPlugin } from '../platform/http/server.js';
import { actorOf } from '../platform/http/context.js';
import { IdParamsSchema } from '../accounts/schemas.js';
import {
  CreateDeliverableSchema,
  CreateIncidentSchema,
  CreateProjectSchema,
  CreateTargetSchema,
  DeliverablePageSchema,
  DeliverableSchema,
  IncidentPageSchema,
  IncidentSchema,
  ListDeliverablesQuerySchema,
  ListIncidentsQuerySchema,
  ListProjectsQuerySchema,
  ListTargetsQuerySchema,
  ProjectPageSchema,
  ProjectSchema,
  TargetPageSchema,
  TargetSchema,
  UpdateDeliverableSchema,
  UpdateIncidentSchema,
  UpdateProjectSchema,
  UpdateTargetSchema,
} from './schemas.js';
import { createProject } from './create-project.js';
import { getProject } from './get-project.js';
import { listProjects } from './list-projects.js';
import { updateProject } from './update-project.js';
import { deleteProject } from './delete-project.js';
import { createDeliverable } from './create-deliverable.js';
import { getDeliverable } from './get-deliverable.js';
import { listDeliverables } from './list-deliverables.js';
import { updateDeliverable } from './update-deliverable.js';
import { deleteDeliverable } from './delete-deliverable.js';
import { createTarget } from './create-target.js';
import { getTarget } from './get-target.js';
import { listTargets } from './list-targets.js';
import { updateTarget } from './update-target.js';
import { deleteTarget } from './delete-target.js';
import { createIncident } from './create-incident.js';
import { getIncident } from './get-incident.js';
import { listIncidents } from './list-incidents.js';
import { updateIncident } from './update-incident.js';
import { deleteIncident } from './delete-incident.js';

const NoContent = { 204: z.null() };

/** M3 delivery ledger: projects, deliverables, targets and incidents. Reads need viewer, writes member. */
export const deliveryRoutes: RoutesPlugin = (app, { deps }) => {
  let tags = ['projects'];
  app.get(
    '/api/projects',
    { schema: { tags, summary: 'List projects, newest first', querystring: ListProjectsQuerySchema, response: { 200: ProjectPageSchema } } },
    async (request) => listProjects(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/projects',
    { schema: { tags, summary: 'Record a project (a brief) for an account', body: CreateProjectSchema, response: { 201: ProjectSchema } } },
    async (request, reply) => reply.status(201).send(await createProject(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/projects/:id',
    { schema: { tags, summary: 'Get a project', params: IdParamsSchema, response: { 200: ProjectSchema } } },
    async (request) => getProject(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/projects/:id',
    { schema: { tags, summary: 'Change a project', params: IdParamsSchema, body: UpdateProjectSchema, response: { 200: ProjectSchema } } },
    async (request) => updateProject(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/projects/:id',
    { schema: { tags, summary: 'Delete a project and its deliverables (its targets and incidents stay, unlinked)', params: IdParamsSchema, response: NoContent } },
    async (request, reply) => {
      await deleteProject(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  tags = ['deliverables'];
  app.get(
    '/api/deliverables',
    { schema: { tags, summary: 'List deliverables by due time, with their lateness', querystring: ListDeliverablesQuerySchema, response: { 200: DeliverablePageSchema } } },
    async (request) => listDeliverables(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/deliverables',
    { schema: { tags, summary: "Record a deliverable of a project (on the project's account)", body: CreateDeliverableSchema, response: { 201: DeliverableSchema } } },
    async (request, reply) => reply.status(201).send(await createDeliverable(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/deliverables/:id',
    { schema: { tags, summary: 'Get a deliverable', params: IdParamsSchema, response: { 200: DeliverableSchema } } },
    async (request) => getDeliverable(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/deliverables/:id',
    { schema: { tags, summary: 'Change a deliverable (deliver, approve, reopen, move)', params: IdParamsSchema, body: UpdateDeliverableSchema, response: { 200: DeliverableSchema } } },
    async (request) => updateDeliverable(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/deliverables/:id',
    { schema: { tags, summary: 'Delete a deliverable (its incidents stay, unlinked)', params: IdParamsSchema, response: NoContent } },
    async (request, reply) => {
      await deleteDeliverable(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  tags = ['targets'];
  app.get(
    '/api/targets',
    { schema: { tags, summary: 'List KPI targets, latest period first', querystring: ListTargetsQuerySchema, response: { 200: TargetPageSchema } } },
    async (request) => listTargets(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/targets',
    { schema: { tags, summary: 'Record a KPI target of an account for a period', body: CreateTargetSchema, response: { 201: TargetSchema } } },
    async (request, reply) => reply.status(201).send(await createTarget(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/targets/:id',
    { schema: { tags, summary: 'Get a target', params: IdParamsSchema, response: { 200: TargetSchema } } },
    async (request) => getTarget(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/targets/:id',
    { schema: { tags, summary: 'Change a target (e.g. record its actual)', params: IdParamsSchema, body: UpdateTargetSchema, response: { 200: TargetSchema } } },
    async (request) => updateTarget(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/targets/:id',
    { schema: { tags, summary: 'Delete a target', params: IdParamsSchema, response: NoContent } },
    async (request, reply) => {
      await deleteTarget(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  tags = ['incidents'];
  app.get(
    '/api/incidents',
    { schema: { tags, summary: 'List quality incidents, newest first', querystring: ListIncidentsQuerySchema, response: { 200: IncidentPageSchema } } },
    async (request) => listIncidents(deps, actorOf(request), request.query),
  );
  app.post(
    '/api/incidents',
    { schema: { tags, summary: 'Record a quality incident of an account', body: CreateIncidentSchema, response: { 201: IncidentSchema } } },
    async (request, reply) => reply.status(201).send(await createIncident(deps, actorOf(request), request.body)),
  );
  app.get(
    '/api/incidents/:id',
    { schema: { tags, summary: 'Get an incident', params: IdParamsSchema, response: { 200: IncidentSchema } } },
    async (request) => getIncident(deps, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/incidents/:id',
    { schema: { tags, summary: 'Change an incident', params: IdParamsSchema, body: UpdateIncidentSchema, response: { 200: IncidentSchema } } },
    async (request) => updateIncident(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/incidents/:id',
    { schema: { tags, summary: 'Delete an incident', params: IdParamsSchema, response: NoContent } },
    async (request, reply) => {
      await deleteIncident(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
