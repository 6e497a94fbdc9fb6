import { chmodSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../platform/config.js';
import type { Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { randomSecret, safeEqual } from '../platform/ids.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import { authorizeRequest } from '../platform/http/server.js';
import { actorOf, type HttpContext } from '../platform/http/context.js';
import { workspacesRepo } from '../workspaces/repo.js';
import { slugify } from '../workspaces/slug.js';
import { importsRepo } from './repo.js';

/**
 * How `rapport import` reaches a running server. An embedded (PGlite) server holds its data folder
 * locked, so a second process cannot open the database; instead the server, once listening,
 * writes `RAPPORT_DATA_DIR/server.json` (mode 0600: readable only by the user who runs it) with
 * its URL and a random secret made at start. A request from this machine carrying that secret in
 * `X-Rapport-Local-Secret` may use the import routes as the workspace's first owner, labelled
 * `cli` in the audit log. Whoever can read the data folder could read the database anyway.
 */
export const LOCAL_SECRET_HEADER = 'x-rapport-local-secret';
export const SERVER_FILE = 'server.json';

export const ServerInfoSchema = z.object({ url: z.url(), secret: z.string().min(20), pid: z.number().int(), startedAt: z.string() });
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

const published = new WeakMap<Deps, { secret: string; path: string }>();
const localRequests = new WeakSet<FastifyRequest>();

export function serverFilePath(dataDir: string): string {
  return join(resolve(dataDir), SERVER_FILE);
}

/** The address to call a server on from this machine: a wildcard bind (0.0.0.0, ::) is reached on loopback. */
export function loopbackUrl(address: string): string {
  const url = new URL(address);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.toString().replace(/\/$/, '');
}

/**
 * Writes server.json for a server that listens on `address` (an embedded server only: with
 * DATABASE_URL the command line opens the database itself). `rapport serve` calls it right after
 * `listen`; closing the app removes the file again.
 */
export function publishLocalServer(rapport: { deps: Deps; config: Config }, address: string): ServerInfo | null {
  if (rapport.config.DATABASE_URL) return null;
  const info: ServerInfo = { url: loopbackUrl(address), secret: randomSecret(32), pid: process.pid, startedAt: new Date().toISOString() };
  const path = serverFilePath(rapport.config.RAPPORT_DATA_DIR);
  const temporary = `${path}.${process.pid}.tmp`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  published.set(rapport.deps, { secret: info.secret, path });
  return info;
}

/** Removes server.json if this server wrote it (a newer server may have replaced it). */
export function withdrawLocalServer(deps: Deps): void {
  const mine = published.get(deps);
  if (!mine) return;
  published.delete(deps);
  try {
    const current = JSON.parse(readFileSync(mine.path, 'utf8')) as { secret?: unknown };
    if (current.secret === mine.secret) unlinkSync(mine.path);
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}

/** The running server's address and secret, if it left them in the data folder. */
export function readServerInfo(dataDir: string): ServerInfo | null {
  try {
    const parsed = ServerInfoSchema.safeParse(JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The workspace an import goes to: the one named (id, slug or name), or the only one there is.
 * With several and none named, `invalid_input` lists them so the person can choose.
 */
export async function chooseWorkspace(deps: Deps, key: string | undefined): Promise<{ id: string; name: string; slug: string }> {
  if (key) {
    const repo = workspacesRepo(deps.db);
    const found = (await repo.findWorkspaceByIdOrSlug(key)) ?? (await repo.findWorkspaceBySlug(slugify(key)));
    if (!found) throw new AppError('not_found', `No workspace "${key}"`);
    return { id: found.id, name: found.name, slug: found.slug };
  }
  const all = await importsRepo(deps.db).listWorkspaces();
  if (all.length === 1 && all[0]) return all[0];
  if (all.length === 0) throw new AppError('not_found', 'There is no workspace yet: create one with `rapport user create` or `rapport serve`');
  throw new AppError(
    'invalid_input',
    `There are ${all.length} workspaces: choose one with --workspace`,
    all.map((w) => ({ path: 'workspace', message: `${w.slug} (${w.name})` })),
  );
}

/** The workspace's first owner, as whom the command line imports. */
export async function cliActor(deps: Deps, workspaceId: string): Promise<Actor> {
  const owner = await importsRepo(deps.db).firstOwner(workspaceId);
  if (!owner) throw new AppError('forbidden', 'The workspace has no owner for the command line to act as');
  return { workspaceId, userId: owner.userId, role: 'owner', label: 'cli' };
}

const isLoopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

/**
 * The auth of the import routes: the local secret of this server (from this machine), or else
 * exactly what every other route does (platform/http/server.ts: bearer token or session cookie
 * with its CSRF token on writes, then the workspace and the role). The routes are registered as
 * `public` so the shared hook lets the local secret through to this one.
 */
export function importAccess(ctx: HttpContext, access: Role): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const local = request.headers[LOCAL_SECRET_HEADER];
    if (local !== undefined) {
      const expected = published.get(ctx.deps)?.secret;
      if (typeof local !== 'string' || !expected || !safeEqual(local, expected) || !isLoopback(request.socket.remoteAddress)) {
        throw new AppError('unauthenticated', 'Unknown local secret: it is valid only on this machine, for the server that wrote server.json');
      }
      const requested = request.headers['x-rapport-workspace'];
      const workspace = await chooseWorkspace(ctx.deps, typeof requested === 'string' && requested ? requested : undefined);
      const actor = await cliActor(ctx.deps, workspace.id);
      const owner = await workspacesRepo(ctx.deps.db).findUserById(actor.userId);
      request.auth = { userId: actor.userId, email: owner?.email ?? 'cli', name: owner?.name ?? 'cli', via: 'token', csrfToken: null, tokenWorkspaceId: workspace.id, tokenName: 'cli' };
      request.access = { workspaceId: workspace.id, role: 'owner' };
      localRequests.add(request);
      return;
    }
    await authorizeRequest(ctx, request, access);
  };
}

/** The acting member of an import request; through the local secret, the first owner labelled `cli`. */
export function importActorOf(request: FastifyRequest): Actor {
  const actor = actorOf(request);
  return localRequests.has(request) ? { ...actor, label: 'cli' } : actor;
}
