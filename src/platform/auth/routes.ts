import { z } from 'zod';
import type { RoutesPlugin } from '../http/server.js';
import { authOf } from '../http/context.js';
import { login, logout, openSession, SESSION_COOKIE, SESSION_TTL_MS } from './sessions.js';
import { resolveWorkspace } from './resolve-auth.js';
import { RoleSchema } from './roles.js';
import type { FastifyReply } from 'fastify';
import { workspacesRepo } from '../../workspaces/repo.js';
import { FirstOwnerSchema, PasswordSchema, WorkspaceSchema } from '../../workspaces/schemas.js';
import { createFirstOwner } from '../../workspaces/create-first-owner.js';
import { AppError } from '../errors.js';
import type { HttpContext } from '../http/context.js';
import type { LoginResult } from './sessions.js';
import { changePassword } from './change-password.js';

const LoginSchema = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const MeSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
  workspace: WorkspaceSchema.nullable().describe('The workspace this request acts in'),
  role: RoleSchema.nullable(),
  workspaces: z.array(WorkspaceSchema),
  csrfToken: z.string().nullable().describe('Send as X-CSRF-Token on writes made with the session cookie'),
  via: z.enum(['session', 'token']),
});

export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, 'Enter your current password').max(200),
  newPassword: PasswordSchema,
});

export const SetupStateSchema = z.object({
  isOpen: z.boolean().describe('Whether the first-run setup may still create the first workspace and its owner (no workspace but the demo yet)'),
  hasUsers: z.boolean().describe('Whether anyone can sign in already (the demo user, say)'),
  demoEmail: z
    .string()
    .nullable()
    .describe("While the setup is open: the demo workspace's user, whose password `rapport serve` printed at its first start (null once a team has set Rapport up, or without a demo)"),
});

const SessionSchema = z.object({ csrfToken: z.string(), expiresAt: z.iso.datetime() });
export const SetupResultSchema = SessionSchema.extend({ workspace: WorkspaceSchema });

const tags = ['auth'];

/** Sets the session cookie of a sign-in and answers what the web app keeps of it. */
function startSession(ctx: HttpContext, reply: FastifyReply, result: LoginResult) {
  void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.RAPPORT_SECURE_COOKIES,
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return { csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
}

export const authRoutes: RoutesPlugin = (app, ctx) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: LoginSchema,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => startSession(ctx, reply, await login(ctx.deps, { ...request.body, ip: request.ip })),
  );

  app.get(
    '/api/setup',
    { config: { access: 'public' }, schema: { tags, summary: 'Whether the first-run setup is open (decision 0024)', response: { 200: SetupStateSchema } } },
    async () => {
      const state = await workspacesRepo(ctx.deps.db).setupState();
      // The demo's sign-in is named only on a Rapport nobody has set up: a team's sign-in page does not advertise it.
      return { isOpen: !state.hasRealWorkspace, hasUsers: state.hasUsers, demoEmail: state.hasRealWorkspace ? null : state.demoEmail };
    },
  );

  app.post(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'First-run setup: create the first user and their workspace, and sign in; 409 conflict once a workspace other than the demo exists',
        body: FirstOwnerSchema,
        response: { 201: SetupResultSchema },
      },
    },
    async (request, reply) => {
      const created = await createFirstOwner(ctx.deps, request.body);
      ctx.authCache.clear();
      const session = await openSession(ctx.deps, created.userId);
      return reply.status(201).send({ ...startSession(ctx, reply, session), workspace: created.workspace });
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'user' }, schema: { tags, summary: 'End the session', response: { 204: z.null() } } },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await logout(ctx.deps, cookie);
      ctx.authCache.clear();
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { access: 'user' },
      schema: {
        tags,
        summary: 'Change my password (signed in to the web app); my other sessions end',
        body: ChangePasswordSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const cookie = request.cookies[SESSION_COOKIE];
      if (auth.via !== 'session' || !cookie) throw new AppError('forbidden', 'Change your password signed in to the web app, not with an API token');
      await changePassword(ctx.deps, { userId: auth.userId, email: auth.email, ...request.body, keepSessionToken: cookie });
      ctx.authCache.clear();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me',
    { config: { access: 'user' }, schema: { tags, summary: 'Who I am, my workspaces, and the one this request acts in', response: { 200: MeSchema } } },
    async (request) => {
      const auth = authOf(request);
      const all = await workspacesRepo(ctx.deps.db).listWorkspacesOfUser(auth.userId);
      const workspaces = auth.tokenWorkspaceId ? all.filter((w) => w.id === auth.tokenWorkspaceId) : all;
      const requested = request.headers['x-rapport-workspace'];
      let current = null;
      try {
        const access = await resolveWorkspace(ctx.deps, ctx.authCache, auth, typeof requested === 'string' && requested ? requested : undefined);
        current = workspaces.find((w) => w.id === access.workspaceId) ?? null;
      } catch (error) {
        // A user with no workspace yet, or a header naming one they have left, is still signed in:
        // answer with no current workspace and the list to choose from.
        if (!(error instanceof AppError) || (error.code !== 'forbidden' && error.code !== 'not_found')) throw error;
      }
      return {
        user: { id: auth.userId, email: auth.email, name: auth.name },
        workspace: current,
        role: current?.role ?? null,
        workspaces,
        csrfToken: auth.csrfToken,
        via: auth.via,
      };
    },
  );
};
