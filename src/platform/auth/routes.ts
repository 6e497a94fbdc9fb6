import { z } from 'zod';
import type { RoutesPlugin } from '../http/server.js';
import { authOf } from '../http/context.js';
import { login, logout, SESSION_COOKIE, SESSION_TTL_MS } from './sessions.js';
import { resolveWorkspace } from './resolve-auth.js';
import { RoleSchema } from './roles.js';
import { workspacesRepo } from '../../workspaces/repo.js';
import { WorkspaceSchema } from '../../workspaces/schemas.js';
import { AppError } from '../errors.js';

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

const tags = ['auth'];

export const authRoutes: RoutesPlugin = (app, ctx) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: LoginSchema,
        response: { 200: z.object({ csrfToken: z.string(), expiresAt: z.iso.datetime() }) },
      },
    },
    async (request, reply) => {
      const result = await login(ctx.deps, { ...request.body, ip: request.ip });
      void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.RAPPORT_SECURE_COOKIES,
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return { csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
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
