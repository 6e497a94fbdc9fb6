import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Deps } from '../deps.js';
import type { Logger } from '../logger.js';
import { AppError } from '../errors.js';
import type { Actor, Role } from '../auth/roles.js';
import type { AuthCache, RequestAuth, WorkspaceAccess } from '../auth/resolve-auth.js';
import type { JobQueue } from '../jobs/queue.js';

/** The Fastify instance every `routes.ts` registers on: zod-typed. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What the HTTP shell hands to each capability's routes. */
export interface HttpContext {
  deps: Deps;
  database: Database;
  config: Config;
  clock: Clock;
  logger: Logger;
  authCache: AuthCache;
  jobs: JobQueue;
  version: string;
}

/**
 * Who may call a route: `public` (no sign-in), `user` (signed in, no workspace needed), or the
 * lowest workspace role. The default is `viewer` for reads and `member` for writes.
 */
export type Access = 'public' | 'user' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: RequestAuth | null;
    access: WorkspaceAccess | null;
  }
}

/** The acting member of a request that passed the workspace check. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth || !request.access) throw new AppError('unauthenticated', 'Sign in first');
  const label = request.auth.tokenName ? `${request.auth.email} (token ${request.auth.tokenName})` : request.auth.email;
  return { workspaceId: request.access.workspaceId, userId: request.auth.userId, role: request.access.role, label };
}

export function authOf(request: FastifyRequest): RequestAuth {
  if (!request.auth) throw new AppError('unauthenticated', 'Sign in first');
  return request.auth;
}
