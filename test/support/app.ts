import { pino } from 'pino';
import { createRapport, type Rapport } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Role } from '../../src/platform/auth/roles.js';
import { createUser } from '../../src/workspaces/create-user.js';
import { createWorkspace } from '../../src/workspaces/create-workspace.js';
import { createApiToken } from '../../src/workspaces/api-tokens.js';
import { workspacesRepo } from '../../src/workspaces/repo.js';
import { createTestDatabase } from './database.js';

export interface TestMember {
  userId: string;
  email: string;
  workspaceId: string;
  role: Role;
  token: string;
}

export interface TestApp {
  rapport: Rapport;
  /** A user with a workspace of their own (owner) and an API token. */
  newWorkspace(name?: string): Promise<TestMember>;
  /** Another user in an existing workspace with `role`, and their token. */
  newMember(workspaceId: string, role: Role): Promise<TestMember>;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    options?: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery';

/** A whole Rapport on a fresh database, driven through Fastify's in-process `inject` (no port). */
export async function createTestApp(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const rapport = await createRapport({
    config: loadConfig({ LOG_LEVEL: 'silent', RAPPORT_SMTP_PORT: '0', ...options.env }),
    database,
    logger: pino({ level: 'silent' }),
    startJobs: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const deps = rapport.deps;

  async function newMemberWith(workspaceId: string | undefined, role: Role, name?: string): Promise<TestMember> {
    const email = `user${++counter}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const user = await createUser(deps, { email, password: TEST_PASSWORD, name: `User ${counter}` });
    let wsId = workspaceId;
    if (!wsId) {
      wsId = (await createWorkspace(deps, { name: name ?? `Workspace ${counter}`, ownerUserId: user.id, ownerLabel: email })).id;
    } else {
      await workspacesRepo(deps.db).insertMembership({ workspaceId: wsId, userId: user.id, role, at: deps.clock.now() });
    }
    const token = await createApiToken(deps, { workspaceId: wsId, userId: user.id, label: email }, { name: 'test' });
    return { userId: user.id, email, workspaceId: wsId, role: workspaceId ? role : 'owner', token: token.token };
  }

  return {
    rapport,
    newWorkspace: (name) => newMemberWith(undefined, 'owner', name),
    newMember: (workspaceId, role) => newMemberWith(workspaceId, role),
    async request(method, url, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let payload: string | Buffer | undefined;
      if (opts.rawBody !== undefined) payload = opts.rawBody;
      else if (opts.body !== undefined) {
        payload = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await rapport.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
      let body: unknown = response.body;
      if (String(response.headers['content-type'] ?? '').includes('json') && response.body) body = response.json();
      return { status: response.statusCode, body, headers: response.headers };
    },
    close: () => rapport.close(),
  };
}
