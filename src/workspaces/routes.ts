import { z } from 'zod';
import type { RoutesPlugin } from '../platform/http/server.js';
import { actorOf, authOf } from '../platform/http/context.js';
import { AppError } from '../platform/errors.js';
import { inTransaction } from '../platform/deps.js';
import { recordAudit } from '../platform/audit.js';
import { IdParamsSchema, pageLimit } from '../platform/validation.js';
import {
  AddMemberSchema,
  CreatedTokenSchema,
  CreateTokenSchema,
  CreateWorkspaceSchema,
  MemberSchema,
  TokenSchema,
  UpdateMemberSchema,
  UpdateWorkspaceSchema,
  WorkspaceSchema,
} from './schemas.js';
import { workspacesRepo } from './repo.js';
import { createWorkspace } from './create-workspace.js';
import { addMember } from './add-member.js';
import { updateMember } from './update-member.js';
import { listMembers } from './list-members.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.js';
import { listAuditEvents } from './list-audit-events.js';
import { exportWorkspace } from './export-workspace.js';

const UserIdParams = z.strictObject({ userId: z.uuid() });
const AuditQuery = z.strictObject({
  limit: pageLimit(500, 100),
  cursor: z.string().max(500).optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
});

export const workspaceRoutes: RoutesPlugin = (app, ctx) => {
  const { deps } = ctx;

  app.get(
    '/api/workspaces',
    { config: { access: 'user' }, schema: { tags: ['workspaces'], summary: 'My workspaces', response: { 200: z.object({ items: z.array(WorkspaceSchema) }) } } },
    async (request) => ({ items: await workspacesRepo(deps.db).listWorkspacesOfUser(authOf(request).userId) }),
  );

  app.post(
    '/api/workspaces',
    { config: { access: 'user' }, schema: { tags: ['workspaces'], summary: 'Create a workspace; I become its owner', body: CreateWorkspaceSchema, response: { 201: WorkspaceSchema } } },
    async (request, reply) => {
      const auth = authOf(request);
      if (auth.via === 'token') throw new AppError('forbidden', 'An API token acts in its own workspace and cannot create others');
      const workspace = await createWorkspace(deps, { name: request.body.name, ownerUserId: auth.userId, ownerLabel: auth.email });
      ctx.authCache.clear();
      return reply.status(201).send(workspace);
    },
  );

  app.patch(
    '/api/workspace',
    { config: { access: 'admin' }, schema: { tags: ['workspaces'], summary: 'Rename the current workspace', body: UpdateWorkspaceSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = actorOf(request);
      await inTransaction(deps, async (tx) => {
        await workspacesRepo(tx.db).renameWorkspace(actor.workspaceId, request.body.name);
        await recordAudit(tx.db, tx.clock, actor, { action: 'workspace.renamed', entityType: 'workspace', entityId: actor.workspaceId, changes: { name: request.body.name } });
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/members',
    { schema: { tags: ['members'], summary: 'Members of the workspace', response: { 200: z.object({ items: z.array(MemberSchema) }) } } },
    async (request) => ({ items: await listMembers(deps, actorOf(request)) }),
  );

  app.post(
    '/api/members',
    { config: { access: 'admin' }, schema: { tags: ['members'], summary: 'Add a member (creating the user if new)', body: AddMemberSchema, response: { 201: MemberSchema } } },
    async (request, reply) => {
      const member = await addMember(deps, actorOf(request), request.body);
      ctx.authCache.clear();
      return reply.status(201).send(member);
    },
  );

  app.patch(
    '/api/members/:userId',
    { config: { access: 'admin' }, schema: { tags: ['members'], summary: "Change a member's role", params: UserIdParams, body: UpdateMemberSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await updateMember(deps, actorOf(request), request.params.userId, request.body.role);
      ctx.authCache.clear();
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/members/:userId',
    { config: { access: 'admin' }, schema: { tags: ['members'], summary: 'Remove a member (and their API tokens)', params: UserIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await updateMember(deps, actorOf(request), request.params.userId, null);
      ctx.authCache.clear();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/tokens',
    { schema: { tags: ['tokens'], summary: 'API tokens (mine; everyone\'s for admins)', response: { 200: z.object({ items: z.array(TokenSchema) }) } } },
    async (request) => ({ items: await listApiTokens(deps, actorOf(request)) }),
  );

  app.post(
    '/api/tokens',
    { config: { access: 'viewer' }, schema: { tags: ['tokens'], summary: 'Create an API token with my role; the secret is shown once', body: CreateTokenSchema, response: { 201: CreatedTokenSchema } } },
    async (request, reply) => reply.status(201).send(await createApiToken(deps, actorOf(request), request.body)),
  );

  app.delete(
    '/api/tokens/:id',
    { config: { access: 'viewer' }, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: IdParamsSchema, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeApiToken(deps, actorOf(request), request.params.id);
      ctx.authCache.clear();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first',
        querystring: AuditQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                at: z.iso.datetime(),
                actorUserId: z.uuid().nullable(),
                actorLabel: z.string(),
                action: z.string(),
                entityType: z.string(),
                entityId: z.string().nullable(),
                changes: z.record(z.string(), z.unknown()),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => listAuditEvents(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/export',
    { config: { access: 'admin' }, schema: { tags: ['workspaces'], summary: 'The whole workspace as JSON (no secrets)' } },
    async (request, reply) => {
      const actor = actorOf(request);
      const data = await exportWorkspace(deps, actor.workspaceId);
      void reply.header('content-disposition', `attachment; filename="rapport-${data.workspace.slug}.json"`);
      return data;
    },
  );
};
