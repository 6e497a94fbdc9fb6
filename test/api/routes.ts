/**
 * Every API route with what it takes: the tests here walk this table, and test/api/platform.test.ts
 * checks that it names every operation of the OpenAPI document (so a new route must be added).
 * `{id}`-style segments are filled in by the tests.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  access: 'public' | 'user' | 'viewer' | 'member' | 'admin';
  /** A valid body for routes that take one. */
  body?: () => Record<string, unknown>;
  /** Takes a validated query string. */
  query?: boolean;
}

import { DEFAULT_MODEL } from '../../src/health/model.js';

let n = 0;
export const ROUTE_TABLE: RouteSpec[] = [
  { method: 'GET', path: '/api/health', access: 'public' },
  { method: 'POST', path: '/api/auth/login', access: 'public', body: () => ({ email: 'nobody@example.test', password: 'whatever1' }) },
  { method: 'GET', path: '/api/setup', access: 'public' },
  // Public, and closed in every test app once a workspace exists: a valid body answers 409 conflict.
  { method: 'POST', path: '/api/setup', access: 'public', body: () => ({ name: 'Maya', email: `setup${++n}@example.test`, password: 'long enough pw', workspace: 'Agency' }) },
  { method: 'POST', path: '/api/auth/logout', access: 'user' },
  { method: 'GET', path: '/api/me', access: 'user' },
  // With a token (as the table's tests call it) this answers 403: only a signed-in session may change the password.
  { method: 'POST', path: '/api/me/password', access: 'user', body: () => ({ currentPassword: 'whatever1', newPassword: 'long enough pw' }) },
  { method: 'GET', path: '/api/workspaces', access: 'user' },
  { method: 'POST', path: '/api/workspaces', access: 'user', body: () => ({ name: `Other ${++n}` }) },
  { method: 'PATCH', path: '/api/workspace', access: 'admin', body: () => ({ name: 'Renamed' }) },
  { method: 'GET', path: '/api/members', access: 'viewer' },
  { method: 'POST', path: '/api/members', access: 'admin', body: () => ({ email: `new${++n}@example.test`, role: 'member', password: 'long enough pw' }) },
  { method: 'PATCH', path: '/api/members/{userId}', access: 'admin', body: () => ({ role: 'viewer' }) },
  { method: 'DELETE', path: '/api/members/{userId}', access: 'admin' },
  { method: 'GET', path: '/api/tokens', access: 'viewer' },
  { method: 'POST', path: '/api/tokens', access: 'viewer', body: () => ({ name: 'ci' }) },
  { method: 'DELETE', path: '/api/tokens/{id}', access: 'viewer' },
  { method: 'GET', path: '/api/audit', access: 'admin', query: true },
  { method: 'GET', path: '/api/export', access: 'admin' },
  { method: 'GET', path: '/api/accounts', access: 'viewer', query: true },
  { method: 'GET', path: '/api/accounts/facets', access: 'viewer' },
  { method: 'POST', path: '/api/accounts', access: 'member', body: () => ({ name: `Account ${++n}` }) },
  { method: 'GET', path: '/api/accounts/{id}', access: 'viewer' },
  { method: 'PATCH', path: '/api/accounts/{id}', access: 'member', body: () => ({ notes: 'changed' }) },
  { method: 'DELETE', path: '/api/accounts/{id}', access: 'member' },
  { method: 'GET', path: '/api/accounts/{id}/contacts', access: 'viewer', query: true },
  { method: 'POST', path: '/api/accounts/{id}/contacts', access: 'member', body: () => ({ name: `Contact ${++n}` }) },
  { method: 'GET', path: '/api/contacts/{id}', access: 'viewer' },
  { method: 'PATCH', path: '/api/contacts/{id}', access: 'member', body: () => ({ title: 'CMO' }) },
  { method: 'DELETE', path: '/api/contacts/{id}', access: 'member' },
  // M2 touchpoints and attention. The body's account is unknown on purpose: the table's tests check
  // what happens before the handler (parsing, schema, credentials), and the handler then answers 400.
  { method: 'GET', path: '/api/touchpoints', access: 'viewer', query: true },
  { method: 'POST', path: '/api/touchpoints', access: 'member', body: () => ({ subject: `Call ${++n}`, accountId: '00000000-0000-4000-8000-000000000000', channel: 'call', direction: 'agency_initiated', occurredAt: '2026-03-01T14:30:00Z' }) },
  { method: 'GET', path: '/api/touchpoints/{id}', access: 'viewer' },
  { method: 'PATCH', path: '/api/touchpoints/{id}', access: 'member', body: () => ({ subject: 'changed' }) },
  { method: 'DELETE', path: '/api/touchpoints/{id}', access: 'member' },
  { method: 'GET', path: '/api/accounts/{id}/timeline', access: 'viewer', query: true },
  { method: 'GET', path: '/api/accounts/{id}/cadence', access: 'viewer' },
  { method: 'GET', path: '/api/attention', access: 'viewer', query: true },
  // M2 e-mail intake. The mail ids are unknown on purpose: the handler answers 404 after the checks.
  { method: 'GET', path: '/api/intake/address', access: 'member' },
  { method: 'POST', path: '/api/intake/address/rotate', access: 'admin' },
  { method: 'GET', path: '/api/intake/unmatched', access: 'member', query: true },
  { method: 'POST', path: '/api/intake/unmatched/{id}/assign', access: 'member', body: () => ({ accountId: '00000000-0000-4000-8000-000000000000', direction: 'client_initiated' }) },
  { method: 'POST', path: '/api/intake/unmatched/{id}/discard', access: 'member' },
  // M2 imports. The two POST routes take the file itself (text/csv or text/calendar), not JSON, so
  // they have no `body` here; src/imports/routes.int.test.ts tests their bodies.
  { method: 'POST', path: '/api/imports/preview', access: 'member', query: true },
  { method: 'POST', path: '/api/imports', access: 'member', query: true },
  { method: 'GET', path: '/api/imports', access: 'viewer', query: true },
  { method: 'GET', path: '/api/imports/{id}', access: 'viewer' },
  // M3 delivery ledger. Ids in bodies are unknown on purpose (the handler answers 400 after the
  // checks); `{id}` gets the account's id in the walks, which no project or deliverable has (404).
  { method: 'GET', path: '/api/projects', access: 'viewer', query: true },
  { method: 'POST', path: '/api/projects', access: 'member', body: () => ({ accountId: '00000000-0000-4000-8000-000000000000', name: `Project ${++n}`, startsOn: '2026-03-01' }) },
  { method: 'GET', path: '/api/projects/{id}', access: 'viewer' },
  { method: 'PATCH', path: '/api/projects/{id}', access: 'member', body: () => ({ status: 'active' }) },
  { method: 'DELETE', path: '/api/projects/{id}', access: 'member' },
  { method: 'GET', path: '/api/deliverables', access: 'viewer', query: true },
  { method: 'POST', path: '/api/deliverables', access: 'member', body: () => ({ projectId: '00000000-0000-4000-8000-000000000000', title: `Report ${++n}`, dueAt: '2026-03-31T17:00:00Z' }) },
  { method: 'GET', path: '/api/deliverables/{id}', access: 'viewer' },
  { method: 'PATCH', path: '/api/deliverables/{id}', access: 'member', body: () => ({ title: 'changed' }) },
  { method: 'DELETE', path: '/api/deliverables/{id}', access: 'member' },
  { method: 'GET', path: '/api/targets', access: 'viewer', query: true },
  { method: 'POST', path: '/api/targets', access: 'member', body: () => ({ accountId: '00000000-0000-4000-8000-000000000000', metric: `Leads ${++n}`, periodStart: '2026-01-01', periodEnd: '2026-03-31', goal: 100 }) },
  { method: 'GET', path: '/api/targets/{id}', access: 'viewer' },
  { method: 'PATCH', path: '/api/targets/{id}', access: 'member', body: () => ({ actual: 90 }) },
  { method: 'DELETE', path: '/api/targets/{id}', access: 'member' },
  { method: 'GET', path: '/api/incidents', access: 'viewer', query: true },
  { method: 'POST', path: '/api/incidents', access: 'member', body: () => ({ accountId: '00000000-0000-4000-8000-000000000000', kind: 'report_error', severity: 2, description: `Wrong totals ${++n}`, occurredAt: '2026-03-02T10:00:00Z' }) },
  { method: 'GET', path: '/api/incidents/{id}', access: 'viewer' },
  { method: 'PATCH', path: '/api/incidents/{id}', access: 'member', body: () => ({ severity: 3 }) },
  { method: 'DELETE', path: '/api/incidents/{id}', access: 'member' },
  // M6 lost accounts, post-mortems and the backtest. `{id}` is the walks' account: the post-mortem
  // and the undo answer 404 (not marked lost) until the mark has made it lost.
  { method: 'POST', path: '/api/accounts/{id}/lost', access: 'member', body: () => ({ lostOn: '2024-01-15', reasons: ['price'], notes: `Went with a cheaper agency ${++n}` }) },
  { method: 'DELETE', path: '/api/accounts/{id}/lost', access: 'member' },
  { method: 'GET', path: '/api/accounts/{id}/postmortem', access: 'viewer' },
  { method: 'GET', path: '/api/postmortems/reasons', access: 'viewer', query: true },
  { method: 'GET', path: '/api/backtest', access: 'viewer', query: true },
  // M4 health and alerts. `{id}` is the walks' account: its health exists; no alert has its id (404).
  { method: 'GET', path: '/api/accounts/{id}/health', access: 'viewer' },
  { method: 'GET', path: '/api/accounts/{id}/health/history', access: 'viewer', query: true },
  { method: 'GET', path: '/api/accounts/{id}/health/changes', access: 'viewer', query: true },
  { method: 'GET', path: '/api/health/portfolio', access: 'viewer' },
  { method: 'GET', path: '/api/health/model', access: 'viewer' },
  { method: 'GET', path: '/api/health/models', access: 'viewer' },
  { method: 'PUT', path: '/api/health/model', access: 'admin', body: () => ({ model: structuredClone(DEFAULT_MODEL), note: `Tuned ${++n}` }) },
  { method: 'POST', path: '/api/health/recompute', access: 'admin' },
  { method: 'GET', path: '/api/alerts', access: 'viewer', query: true },
  { method: 'GET', path: '/api/alerts/{id}', access: 'viewer' },
  { method: 'POST', path: '/api/alerts/{id}/acknowledge', access: 'member', body: () => ({ note: 'On it' }) },
  { method: 'POST', path: '/api/alerts/{id}/snooze', access: 'member', body: () => ({ until: '2099-01-01T09:00:00Z' }) },
  { method: 'POST', path: '/api/alerts/{id}/resolve', access: 'member', body: () => ({ note: 'Done' }) },
];

/** Fills `{name}` segments from `ids`. */
export function fill(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = ids[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${path}`);
    return value;
  });
}
