import { request, setCsrfToken, type QueryValue } from './client';
import type {
  Account,
  AccountDelivery,
  AccountHealth,
  Alert,
  AlertAction,
  AlertListQuery,
  AlertPage,
  Backtest,
  Deliverable,
  DeliverableInput,
  HealthChange,
  HealthHistory,
  HealthModel,
  Incident,
  IncidentInput,
  Loss,
  LossReport,
  MarkLostInput,
  ModelVersions,
  Page,
  PortfolioHealth,
  Postmortem,
  Project,
  ProjectInput,
  Target,
  TargetInput,
  VersionedModel,
  AccountFacets,
  AccountInput,
  AccountListQuery,
  AccountPage,
  AccountPatch,
  AccountCadenceView,
  AssignMailInput,
  AttentionBoard,
  ImportJob,
  ImportOptions,
  ImportPage,
  ImportPreview,
  IntakeAddress,
  UnmatchedMail,
  UnmatchedPage,
  AddMemberInput,
  Contact,
  ContactInput,
  CreatedToken,
  LoginResult,
  FirstOwnerInput,
  SetupResult,
  SetupState,
  Me,
  Member,
  Role,
  TimelinePage,
  TimelineQuery,
  Token,
  Touchpoint,
  TouchpointInput,
  TouchpointPatch,
  Workspace,
} from './types';

const enc = encodeURIComponent;

/** An import's options as query parameters: the mapping travels as JSON. */
const importQuery = (o: ImportOptions) => ({
  filename: o.filename,
  mapping: o.mapping ? JSON.stringify(o.mapping) : undefined,
  kind: o.kind,
  dateOrder: o.dateOrder,
  currency: o.currency,
});

/** Every item of a cursor-paged list, following the cursor to the end (pages of 500, the servers' maximum). */
async function listAll<T>(path: string, query: Record<string, QueryValue>, signal?: AbortSignal): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<T> = await request<Page<T>>('GET', path, { signal, query: { ...query, limit: 500, cursor } });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** One function per API route the web app uses, typed end to end. */
export const api = {
  auth: {
    async login(email: string, password: string): Promise<LoginResult> {
      const result = await request<LoginResult>('POST', '/api/auth/login', { body: { email, password } });
      setCsrfToken(result.csrfToken);
      return result;
    },
    async logout(): Promise<void> {
      await request<void>('POST', '/api/auth/logout');
      setCsrfToken(null);
    },
    changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/api/me/password', { body: { currentPassword, newPassword } }),
    async me(signal?: AbortSignal): Promise<Me> {
      const me = await request<Me>('GET', '/api/me', { signal });
      setCsrfToken(me.csrfToken);
      return me;
    },
  },
  setup: {
    state: (signal?: AbortSignal) => request<SetupState>('GET', '/api/setup', { signal }),
    async create(input: FirstOwnerInput): Promise<SetupResult> {
      const result = await request<SetupResult>('POST', '/api/setup', { body: input });
      setCsrfToken(result.csrfToken);
      return result;
    },
  },
  workspaces: {
    create: (name: string) => request<Workspace>('POST', '/api/workspaces', { body: { name } }),
    rename: (name: string) => request<void>('PATCH', '/api/workspace', { body: { name } }),
  },
  members: {
    list: (signal?: AbortSignal) => request<{ items: Member[] }>('GET', '/api/members', { signal }),
    add: (input: AddMemberInput) => request<Member>('POST', '/api/members', { body: input }),
    setRole: (userId: string, role: Role) => request<void>('PATCH', `/api/members/${enc(userId)}`, { body: { role } }),
    remove: (userId: string) => request<void>('DELETE', `/api/members/${enc(userId)}`),
  },
  tokens: {
    list: (signal?: AbortSignal) => request<{ items: Token[] }>('GET', '/api/tokens', { signal }),
    create: (name: string) => request<CreatedToken>('POST', '/api/tokens', { body: { name } }),
    revoke: (id: string) => request<void>('DELETE', `/api/tokens/${enc(id)}`),
  },
  accounts: {
    list: (query: AccountListQuery, signal?: AbortSignal) =>
      request<AccountPage>('GET', '/api/accounts', {
        signal,
        query: { ...query, withTotal: query.withTotal ? 'true' : undefined },
      }),
    facets: (signal?: AbortSignal) => request<AccountFacets>('GET', '/api/accounts/facets', { signal }),
    get: (id: string, signal?: AbortSignal) => request<Account>('GET', `/api/accounts/${enc(id)}`, { signal }),
    create: (input: AccountInput) => request<Account>('POST', '/api/accounts', { body: input }),
    update: (id: string, patch: AccountPatch) => request<Account>('PATCH', `/api/accounts/${enc(id)}`, { body: patch }),
    archive: (id: string) => request<void>('DELETE', `/api/accounts/${enc(id)}`),
  },
  contacts: {
    /** Every contact of an account, following the cursor to the end. */
    listAll: (accountId: string, signal?: AbortSignal) => listAll<Contact>(`/api/accounts/${enc(accountId)}/contacts`, {}, signal),
    create: (accountId: string, input: ContactInput) => request<Contact>('POST', `/api/accounts/${enc(accountId)}/contacts`, { body: input }),
    update: (id: string, patch: Partial<ContactInput>) => request<Contact>('PATCH', `/api/contacts/${enc(id)}`, { body: patch }),
    remove: (id: string) => request<void>('DELETE', `/api/contacts/${enc(id)}`),
  },
  touchpoints: {
    get: (id: string, signal?: AbortSignal) => request<Touchpoint>('GET', `/api/touchpoints/${enc(id)}`, { signal }),
    /** Logged from the web app, so its source is `manual`. */
    create: (input: TouchpointInput) => request<Touchpoint>('POST', '/api/touchpoints', { body: { ...input, source: 'manual' } }),
    update: (id: string, patch: TouchpointPatch) => request<Touchpoint>('PATCH', `/api/touchpoints/${enc(id)}`, { body: patch }),
    remove: (id: string) => request<void>('DELETE', `/api/touchpoints/${enc(id)}`),
    timeline: (accountId: string, query: TimelineQuery, signal?: AbortSignal) =>
      request<TimelinePage>('GET', `/api/accounts/${enc(accountId)}/timeline`, { signal, query: { ...query } }),
    cadence: (accountId: string, signal?: AbortSignal) => request<AccountCadenceView>('GET', `/api/accounts/${enc(accountId)}/cadence`, { signal }),
  },
  attention: {
    board: (query: { ownerId?: string | undefined; currency?: string | undefined }, signal?: AbortSignal) => request<AttentionBoard>('GET', '/api/attention', { signal, query }),
  },
  imports: {
    /** Reads the start of a file (its header and first rows) and says how it would be imported. */
    preview: (text: string, contentType: string, options: ImportOptions) =>
      request<ImportPreview>('POST', '/api/imports/preview', { query: importQuery(options), raw: { body: text, contentType } }),
    /** Uploads the whole file as the body; the import runs in the background (poll `get`). */
    start: (file: Blob, contentType: string, options: ImportOptions & { dryRun: boolean }) =>
      request<ImportJob>('POST', '/api/imports', { query: { ...importQuery(options), dryRun: String(options.dryRun) }, raw: { body: file, contentType } }),
    get: (id: string, signal?: AbortSignal) => request<ImportJob>('GET', `/api/imports/${enc(id)}`, { signal }),
    list: (signal?: AbortSignal) => request<ImportPage>('GET', '/api/imports', { signal, query: { limit: 20 } }),
  },
  intake: {
    address: (signal?: AbortSignal) => request<IntakeAddress>('GET', '/api/intake/address', { signal }),
    rotate: () => request<IntakeAddress>('POST', '/api/intake/address/rotate'),
    unmatched: (query: { cursor?: string | undefined; limit?: number }, signal?: AbortSignal) =>
      request<UnmatchedPage>('GET', '/api/intake/unmatched', { signal, query }),
    /** Logs the mail on the account; answers the touchpoint made. */
    assign: (id: string, input: AssignMailInput) => request<Touchpoint>('POST', `/api/intake/unmatched/${enc(id)}/assign`, { body: input }),
    discard: (id: string) => request<UnmatchedMail>('POST', `/api/intake/unmatched/${enc(id)}/discard`),
  },
  delivery: {
    /** The whole ledger of one account: projects, deliverables (soonest due first), targets and incidents. */
    async forAccount(accountId: string, signal?: AbortSignal): Promise<AccountDelivery> {
      const [projects, deliverables, targets, incidents] = await Promise.all([
        listAll<Project>('/api/projects', { accountId }, signal),
        listAll<Deliverable>('/api/deliverables', { accountId, sort: 'dueAt' }, signal),
        listAll<Target>('/api/targets', { accountId }, signal),
        listAll<Incident>('/api/incidents', { accountId }, signal),
      ]);
      return { projects, deliverables, targets, incidents };
    },
    createProject: (input: ProjectInput) => request<Project>('POST', '/api/projects', { body: input }),
    updateProject: (id: string, patch: Partial<ProjectInput>) => request<Project>('PATCH', `/api/projects/${enc(id)}`, { body: patch }),
    removeProject: (id: string) => request<void>('DELETE', `/api/projects/${enc(id)}`),
    createDeliverable: (input: DeliverableInput) => request<Deliverable>('POST', '/api/deliverables', { body: input }),
    updateDeliverable: (id: string, patch: Partial<DeliverableInput>) => request<Deliverable>('PATCH', `/api/deliverables/${enc(id)}`, { body: patch }),
    removeDeliverable: (id: string) => request<void>('DELETE', `/api/deliverables/${enc(id)}`),
    createTarget: (input: TargetInput) => request<Target>('POST', '/api/targets', { body: input }),
    updateTarget: (id: string, patch: Partial<TargetInput>) => request<Target>('PATCH', `/api/targets/${enc(id)}`, { body: patch }),
    removeTarget: (id: string) => request<void>('DELETE', `/api/targets/${enc(id)}`),
    createIncident: (input: IncidentInput) => request<Incident>('POST', '/api/incidents', { body: input }),
    updateIncident: (id: string, patch: Partial<IncidentInput>) => request<Incident>('PATCH', `/api/incidents/${enc(id)}`, { body: patch }),
    removeIncident: (id: string) => request<void>('DELETE', `/api/incidents/${enc(id)}`),
  },
  health: {
    account: (accountId: string, signal?: AbortSignal) => request<AccountHealth>('GET', `/api/accounts/${enc(accountId)}/health`, { signal }),
    history: (accountId: string, range: { from?: string | undefined; to?: string | undefined }, signal?: AbortSignal) =>
      request<HealthHistory>('GET', `/api/accounts/${enc(accountId)}/health/history`, { signal, query: range }),
    /** Why the score moved between two snapshots (default: the latest against the one before). */
    change: (accountId: string, between: { from?: string | undefined; to?: string | undefined }, signal?: AbortSignal) =>
      request<HealthChange>('GET', `/api/accounts/${enc(accountId)}/health/changes`, { signal, query: between }),
    portfolio: (signal?: AbortSignal) => request<PortfolioHealth>('GET', '/api/health/portfolio', { signal }),
    model: (signal?: AbortSignal) => request<VersionedModel>('GET', '/api/health/model', { signal }),
    models: (signal?: AbortSignal) => request<ModelVersions>('GET', '/api/health/models', { signal }),
    saveModel: (model: HealthModel, note: string) => request<VersionedModel>('PUT', '/api/health/model', { body: { model, note } }),
    recompute: () => request<{ queued: boolean; accounts: number }>('POST', '/api/health/recompute'),
  },
  alerts: {
    list: (query: AlertListQuery, signal?: AbortSignal) => request<AlertPage>('GET', '/api/alerts', { signal, query: { ...query } }),
    act: (id: string, input: AlertAction) => {
      const { action, ...body } = input;
      return request<Alert>('POST', `/api/alerts/${enc(id)}/${action}`, { body });
    },
  },
  postmortems: {
    markLost: (accountId: string, input: MarkLostInput) => request<Loss>('POST', `/api/accounts/${enc(accountId)}/lost`, { body: input }),
    undoLost: (accountId: string) => request<void>('DELETE', `/api/accounts/${enc(accountId)}/lost`),
    get: (accountId: string, signal?: AbortSignal) => request<Postmortem>('GET', `/api/accounts/${enc(accountId)}/postmortem`, { signal }),
    reasons: (range: { from?: string | undefined; to?: string | undefined }, signal?: AbortSignal) =>
      request<LossReport>('GET', '/api/postmortems/reasons', { signal, query: range }),
    backtest: (query: { model?: number | undefined; compare?: number | undefined; horizon?: number | undefined }, signal?: AbortSignal) =>
      request<Backtest>('GET', '/api/backtest', { signal, query }),
  },
};
