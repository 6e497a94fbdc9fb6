import type { RoutesPlugin } from '../platform/http/server.js';
import { registerRecordRoutes } from '../platform/http/record-routes.js';
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

/** M3 delivery ledger: projects, deliverables, targets and incidents. Reads need viewer, writes member. */
export const deliveryRoutes: RoutesPlugin = (app, { deps }) => {
  registerRecordRoutes(app, deps, {
    path: '/api/projects',
    tag: 'projects',
    schemas: { query: ListProjectsQuerySchema, page: ProjectPageSchema, item: ProjectSchema, create: CreateProjectSchema, update: UpdateProjectSchema },
    summaries: {
      list: 'List projects, newest first',
      create: 'Record a project (a brief) for an account',
      get: 'Get a project',
      update: 'Change a project',
      remove: 'Delete a project and its deliverables (its targets and incidents stay, unlinked)',
    },
    list: listProjects,
    create: createProject,
    get: getProject,
    update: updateProject,
    remove: deleteProject,
  });
  registerRecordRoutes(app, deps, {
    path: '/api/deliverables',
    tag: 'deliverables',
    schemas: { query: ListDeliverablesQuerySchema, page: DeliverablePageSchema, item: DeliverableSchema, create: CreateDeliverableSchema, update: UpdateDeliverableSchema },
    summaries: {
      list: 'List deliverables by due time, with their lateness',
      create: "Record a deliverable of a project (on the project's account)",
      get: 'Get a deliverable',
      update: 'Change a deliverable (deliver, approve, reopen, move)',
      remove: 'Delete a deliverable (its incidents stay, unlinked)',
    },
    list: listDeliverables,
    create: createDeliverable,
    get: getDeliverable,
    update: updateDeliverable,
    remove: deleteDeliverable,
  });
  registerRecordRoutes(app, deps, {
    path: '/api/targets',
    tag: 'targets',
    schemas: { query: ListTargetsQuerySchema, page: TargetPageSchema, item: TargetSchema, create: CreateTargetSchema, update: UpdateTargetSchema },
    summaries: {
      list: 'List KPI targets, latest period first',
      create: 'Record a KPI target of an account for a period',
      get: 'Get a target',
      update: 'Change a target (e.g. record its actual)',
      remove: 'Delete a target',
    },
    list: listTargets,
    create: createTarget,
    get: getTarget,
    update: updateTarget,
    remove: deleteTarget,
  });
  registerRecordRoutes(app, deps, {
    path: '/api/incidents',
    tag: 'incidents',
    schemas: { query: ListIncidentsQuerySchema, page: IncidentPageSchema, item: IncidentSchema, create: CreateIncidentSchema, update: UpdateIncidentSchema },
    summaries: {
      list: 'List quality incidents, newest first',
      create: 'Record a quality incident of an account',
      get: 'Get an incident',
      update: 'Change an incident',
      remove: 'Delete an incident',
    },
    list: listIncidents,
    create: createIncident,
    get: getIncident,
    update: updateIncident,
    remove: deleteIncident,
  });
};
