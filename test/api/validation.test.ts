import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, expectError, expectFieldError, UNKNOWN_ID } from '../support/factories.js';
import { encodeCursor } from '../../src/platform/cursor.js';
import { fill, ROUTE_TABLE, type RouteSpec } from './routes.js';

let t: TestApp;
let owner: TestMember;
let ids: { account: string; contact: string; member: string; token: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace();
  const account = await createAccount(t, owner.token, { name: 'Validation Co' });
  const contact = await createContact(t, owner.token, account.id);
  const member = await t.newMember(owner.workspaceId, 'member');
  const token = await t.request('POST', '/api/tokens', { token: owner.token, body: { name: 'spare' } });
  expect(token.status).toBe(201);
  ids = { account: account.id, contact: contact.id, member: member.userId, token: token.body.id };
});
afterAll(async () => t.close());

/** The route's URL with real ids of this workspace (or `override` for every id segment). */
function urlOf(route: RouteSpec, override?: string): string {
  const value = (name: string) => {
    if (override !== undefined) return override;
    if (name === 'userId') return ids.member;
    if (route.path.startsWith('/api/contacts/')) return ids.contact;
    if (route.path.startsWith('/api/tokens/')) return ids.token;
    return ids.account;
  };
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => value(name));
}

const bodyRoutes = ROUTE_TABLE.filter((r) => r.body);
const paramRoutes = ROUTE_TABLE.filter((r) => r.path.includes('{'));
const label = (r: RouteSpec) => `${r.method} ${r.path}`;
const json = { 'content-type': 'application/json' };

describe.each(bodyRoutes.map((r) => [label(r), r] as const))('%s: body errors', (_label, route) => {
  const send = (options: { rawBody?: string; body?: unknown; headers?: Record<string, string> }) =>
    t.request(route.method, urlOf(route), { token: owner.token, ...options });

  it.each(['{"name": ', '{name: "x"}', "{'name': 'x'}", '{"a":1}}', 'nul', '[1,2', '{"a": 01}', '\u00ff\u00fe'])('malformed JSON %j → 400 invalid_json', async (rawBody) => {
    expectError(await send({ rawBody, headers: json }), 400, 'invalid_json');
  });

  it('an empty JSON body → 400 invalid_json', async () => {
    expectError(await send({ rawBody: '', headers: json }), 400, 'invalid_json');
  });

  it.each([['[]'], ['"text"'], ['42'], ['null'], ['true']])('a JSON %s instead of an object → 400 invalid_input on (root)', async (rawBody) => {
    expectFieldError(await send({ rawBody, headers: json }), '(root)');
  });

  it('an unknown field → 400 invalid_input naming it', async () => {
    expectFieldError(await send({ body: { ...route.body!(), surprise: true } }), 'surprise');
  });

  it.each([
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
  ])('Content-Type %s → 415 unsupported_media_type', async (type) => {
    expectError(await send({ rawBody: JSON.stringify(route.body!()), headers: { 'content-type': type } }), 415, 'unsupported_media_type');
  });

  it('a body over 1 MiB → 413 payload_too_large', async () => {
    const rawBody = JSON.stringify({ ...route.body!(), notes: 'x'.repeat(1024 * 1024 + 1) });
    expectError(await send({ rawBody, headers: json }), 413, 'payload_too_large');
  });

  it('text with a NUL character → 400 invalid_input', async () => {
    const body = route.body!();
    const key = Object.keys(body).find((k) => typeof body[k] === 'string') ?? 'name';
    expectError(await send({ body: { ...body, [key]: `a\u0000b` } }), 400, 'invalid_input');
  });
});

describe('path parameters', () => {
  it.each(paramRoutes.map((r) => [label(r), r] as const))('%s: a malformed uuid → 400 invalid_input on params, unknown uuid → 404', async (_l, route) => {
    const param = /\{(\w+)\}/.exec(route.path)![1]!;
    const body = route.body?.();
    for (const bad of ['123', 'not-a-uuid', `${UNKNOWN_ID}x`, "1' or '1'='1", '%E2%9C%93']) {
      const res = await t.request(route.method, urlOf(route, bad), { token: owner.token, ...(body ? { body } : {}) });
      expectFieldError(res, `params.${param}`);
    }
    const res = await t.request(route.method, urlOf(route, UNKNOWN_ID), { token: owner.token, ...(body ? { body } : {}) });
    expectError(res, 404, 'not_found');
  });
});

describe('credentials', () => {
  it.each(ROUTE_TABLE.filter((r) => r.access !== 'public').map((r) => [label(r), r] as const))('%s without credentials → 401 unauthenticated', async (_l, route) => {
    const body = route.body?.();
    expectError(await t.request(route.method, urlOf(route), body ? { body } : {}), 401, 'unauthenticated');
  });

  it.each([
    ['an unknown token', 'Bearer rap_unknownunknownunknownunknown'],
    ['a token without the prefix', 'Bearer abcdef'],
    ['no token after Bearer', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['two tokens', 'Bearer a b'],
  ])('%s → 401 unauthenticated', async (_l, authorization) => {
    expectError(await t.request('GET', '/api/accounts', { headers: { authorization } }), 401, 'unauthenticated');
  });

  it('a garbage session cookie → 401 unauthenticated', async () => {
    expectError(await t.request('GET', '/api/me', { headers: { cookie: 'rapport_session=garbage' } }), 401, 'unauthenticated');
  });
});

describe('body fields: each error names its field', () => {
  const long = (n: number) => 'x'.repeat(n);
  const cases: Array<[string, RouteSpec['method'], string, unknown, string]> = [
    ['accounts: missing name', 'POST', '/api/accounts', {}, 'name'],
    ['accounts: blank name', 'POST', '/api/accounts', { name: '   ' }, 'name'],
    ['accounts: name not text', 'POST', '/api/accounts', { name: 42 }, 'name'],
    ['accounts: name too long', 'POST', '/api/accounts', { name: long(201) }, 'name'],
    ['accounts: aliases not a list', 'POST', '/api/accounts', { name: 'a', aliases: 'b' }, 'aliases'],
    ['accounts: alias not text', 'POST', '/api/accounts', { name: 'a', aliases: ['ok', 7] }, 'aliases.1'],
    ['accounts: blank category', 'POST', '/api/accounts', { name: 'a', category: ' ' }, 'category'],
    ['accounts: bad website', 'POST', '/api/accounts', { name: 'a', website: 'not a site' }, 'website'],
    ['accounts: unknown status', 'POST', '/api/accounts', { name: 'a', status: 'dead' }, 'status'],
    ['accounts: negative value', 'POST', '/api/accounts', { name: 'a', value: { amount: -1, currency: 'EUR' } }, 'value.amount'],
    ['accounts: value too large for the column', 'POST', '/api/accounts', { name: 'a', value: { amount: 1e12, currency: 'EUR' } }, 'value.amount'],
    ['accounts: value as text', 'POST', '/api/accounts', { name: 'a', value: { amount: '100', currency: 'EUR' } }, 'value.amount'],
    ['accounts: value below a cent', 'POST', '/api/accounts', { name: 'a', value: { amount: 1.239, currency: 'EUR' } }, 'value.amount'],
    ['accounts: value of half a cent', 'POST', '/api/accounts', { name: 'a', value: { amount: 0.005, currency: 'EUR' } }, 'value.amount'],
    ['accounts: start before 1900 (PGlite reads 0050 as 1950)', 'POST', '/api/accounts', { name: 'a', startedOn: '0050-06-01' }, 'startedOn'],
    ['accounts: lost by its status', 'POST', '/api/accounts', { name: 'a', status: 'lost' }, 'status'],
    ['accounts: lower-case currency', 'POST', '/api/accounts', { name: 'a', value: { amount: 1, currency: 'eur' } }, 'value.currency'],
    ['accounts: currency missing', 'POST', '/api/accounts', { name: 'a', value: { amount: 1 } }, 'value.currency'],
    ['accounts: unknown value field', 'POST', '/api/accounts', { name: 'a', value: { amount: 1, currency: 'EUR', vat: 1 } }, 'value.vat'],
    ['accounts: impossible date', 'POST', '/api/accounts', { name: 'a', startedOn: '2024-02-30' }, 'startedOn'],
    ['accounts: date in another format', 'POST', '/api/accounts', { name: 'a', startedOn: '03/14/2024' }, 'startedOn'],
    ['accounts: year zero', 'POST', '/api/accounts', { name: 'a', startedOn: '0000-01-01' }, 'startedOn'],
    ['accounts: cadence zero', 'POST', '/api/accounts', { name: 'a', cadenceDays: 0 }, 'cadenceDays'],
    ['accounts: cadence fractional', 'POST', '/api/accounts', { name: 'a', cadenceDays: 1.5 }, 'cadenceDays'],
    ['accounts: cadence too long', 'POST', '/api/accounts', { name: 'a', cadenceDays: 3651 }, 'cadenceDays'],
    ['accounts: confidential as text', 'POST', '/api/accounts', { name: 'a', isConfidential: 'yes' }, 'isConfidential'],
    ['accounts: owner id not a uuid', 'POST', '/api/accounts', { name: 'a', owners: [{ userId: 'x', role: 'lead' }] }, 'owners.0.userId'],
    ['accounts: owner role unknown', 'POST', '/api/accounts', { name: 'a', owners: [{ userId: UNKNOWN_ID, role: 'boss' }] }, 'owners.0.role'],
    ['accounts: owner not a member', 'POST', '/api/accounts', { name: 'a', owners: [{ userId: UNKNOWN_ID, role: 'lead' }] }, 'owners.0.userId'],
    ['accounts: conflict id not a uuid', 'POST', '/api/accounts', { name: 'a', conflictIds: ['x'] }, 'conflictIds.0'],
    ['accounts: conflict unknown', 'POST', '/api/accounts', { name: 'a', conflictIds: [UNKNOWN_ID] }, 'conflictIds.0'],
    ['accounts: notes too long', 'POST', '/api/accounts', { name: 'a', notes: long(20_001) }, 'notes'],
    ['accounts: notes as null', 'POST', '/api/accounts', { name: 'a', notes: null }, 'notes'],
    ['account patch: nothing to change', 'PATCH', '/api/accounts/{account}', {}, '(root)'],
    ['account patch: name cleared', 'PATCH', '/api/accounts/{account}', { name: null }, 'name'],
    ['account patch: archived as text', 'PATCH', '/api/accounts/{account}', { archived: 'no' }, 'archived'],
    ['account patch: bad status', 'PATCH', '/api/accounts/{account}', { status: 'closed' }, 'status'],
    ['account patch: conflicts with itself', 'PATCH', '/api/accounts/{account}', { conflictIds: ['{account}'] }, 'conflictIds.0'],
    ['account patch: owner listed twice', 'PATCH', '/api/accounts/{account}', { owners: [{ userId: '{owner}', role: 'lead' }, { userId: '{owner}', role: 'member' }] }, 'owners.1.userId'],
    ['contacts: missing name', 'POST', '/api/accounts/{account}/contacts', {}, 'name'],
    ['contacts: bad e-mail', 'POST', '/api/accounts/{account}/contacts', { name: 'a', emails: ['ok@x.io', 'nope'] }, 'emails.1'],
    ['contacts: influence too low', 'POST', '/api/accounts/{account}/contacts', { name: 'a', influence: 0 }, 'influence'],
    ['contacts: influence too high', 'POST', '/api/accounts/{account}/contacts', { name: 'a', influence: 6 }, 'influence'],
    ['contacts: influence fractional', 'POST', '/api/accounts/{account}/contacts', { name: 'a', influence: 2.5 }, 'influence'],
    ['contacts: unknown role', 'POST', '/api/accounts/{account}/contacts', { name: 'a', role: 'ceo' }, 'role'],
    ['contacts: unknown status', 'POST', '/api/accounts/{account}/contacts', { name: 'a', status: 'gone' }, 'status'],
    ['contacts: bad left date', 'POST', '/api/accounts/{account}/contacts', { name: 'a', status: 'left', leftOn: '2024-13-01' }, 'leftOn'],
    ['contacts: left before 1900', 'POST', '/api/accounts/{account}/contacts', { name: 'a', status: 'left', leftOn: '0099-06-01' }, 'leftOn'],
    ['contacts: primary as text', 'POST', '/api/accounts/{account}/contacts', { name: 'a', isPrimary: 'true' }, 'isPrimary'],
    ['contacts: unknown network', 'POST', '/api/accounts/{account}/contacts', { name: 'a', socialHandles: [{ network: 'myspace', handle: 'x' }] }, 'socialHandles.0.network'],
    ['contacts: blank handle', 'POST', '/api/accounts/{account}/contacts', { name: 'a', socialHandles: [{ network: 'x', handle: ' ' }] }, 'socialHandles.0.handle'],
    ['contacts: phone too long', 'POST', '/api/accounts/{account}/contacts', { name: 'a', phone: long(51) }, 'phone'],
    ['contacts: emails not a list', 'POST', '/api/accounts/{account}/contacts', { name: 'a', emails: 'a@b.io' }, 'emails'],
    ['contact patch: nothing to change', 'PATCH', '/api/contacts/{contact}', {}, '(root)'],
    ['contact patch: influence', 'PATCH', '/api/contacts/{contact}', { influence: 9 }, 'influence'],
    ['contact patch: unknown field', 'PATCH', '/api/contacts/{contact}', { accountId: UNKNOWN_ID }, 'accountId'],
    ['login: nothing', 'POST', '/api/auth/login', {}, 'email'],
    ['login: no password', 'POST', '/api/auth/login', { email: 'a@b.io' }, 'password'],
    ['login: e-mail not text', 'POST', '/api/auth/login', { email: 1, password: 'x' }, 'email'],
    ['login: password too long', 'POST', '/api/auth/login', { email: 'a@b.io', password: long(201) }, 'password'],
    ['workspaces: no name', 'POST', '/api/workspaces', {}, 'name'],
    ['workspaces: blank name', 'POST', '/api/workspaces', { name: '  ' }, 'name'],
    ['workspaces: name too long', 'POST', '/api/workspaces', { name: long(101) }, 'name'],
    ['workspace: blank name', 'PATCH', '/api/workspace', { name: '' }, 'name'],
    ['members: no e-mail', 'POST', '/api/members', {}, 'email'],
    ['members: bad e-mail', 'POST', '/api/members', { email: 'nope' }, 'email'],
    ['members: unknown role', 'POST', '/api/members', { email: 'a@b.io', role: 'god' }, 'role'],
    ['members: short password', 'POST', '/api/members', { email: 'a@b.io', password: 'short' }, 'password'],
    ['members: new user without a password', 'POST', '/api/members', { email: 'brand-new@b.io' }, 'password'],
    ['member patch: no role', 'PATCH', '/api/members/{member}', {}, 'role'],
    ['member patch: unknown role', 'PATCH', '/api/members/{member}', { role: 'god' }, 'role'],
    ['tokens: no name', 'POST', '/api/tokens', {}, 'name'],
    ['tokens: blank name', 'POST', '/api/tokens', { name: ' ' }, 'name'],
  ];

  it.each(cases)('%s', async (_l, method, path, body, field) => {
    const values = { account: ids.account, contact: ids.contact, member: ids.member, owner: owner.userId };
    const url = fill(path, values);
    const filled = JSON.parse(fill(JSON.stringify(body), values));
    expectFieldError(await t.request(method, url, { token: owner.token, body: filled }), field);
  });
});

describe('query parameters', () => {
  const contacts = () => `/api/accounts/${ids.account}/contacts`;
  const cases: Array<[string, () => string, string]> = [
    ['limit=0', () => '/api/accounts?limit=0', 'query.limit'],
    ['limit=abc', () => '/api/accounts?limit=abc', 'query.limit'],
    ['limit=501', () => '/api/accounts?limit=501', 'query.limit'],
    ['limit=1.5', () => '/api/accounts?limit=1.5', 'query.limit'],
    ['limit=-1', () => '/api/accounts?limit=-1', 'query.limit'],
    ['limit given twice', () => '/api/accounts?limit=1&limit=2', 'query.limit'],
    ...['0x10', '1e2', '%2B5', '%20%205', '5.0', ''].map((v): [string, () => string, string] => [`limit=${v} (plain digits only)`, () => `/api/accounts?limit=${v}`, 'query.limit']),
    ['deliverables limit=1e2', () => '/api/deliverables?limit=1e2', 'query.limit'],
    ['incidents minSeverity=0x2', () => '/api/incidents?minSeverity=0x2', 'query.minSeverity'],
    ['incidents minSeverity=4', () => '/api/incidents?minSeverity=4', 'query.minSeverity'],
    ['sort=bogus', () => '/api/accounts?sort=bogus', 'query.sort'],
    ['sort=NAME', () => '/api/accounts?sort=NAME', 'query.sort'],
    ['status=nope', () => '/api/accounts?status=nope', 'query.status.0'],
    ['status=active,nope', () => '/api/accounts?status=active,nope', 'query.status.1'],
    ['cursor=garbage', () => '/api/accounts?cursor=garbage', 'query.cursor'],
    ['cursor too long', () => `/api/accounts?cursor=${'a'.repeat(501)}`, 'query.cursor'],
    ['ownerId=abc', () => '/api/accounts?ownerId=abc', 'query.ownerId'],
    ['archived=maybe', () => '/api/accounts?archived=maybe', 'query.archived'],
    ['withTotal=yes', () => '/api/accounts?withTotal=yes', 'query.withTotal'],
    ['q too long', () => `/api/accounts?q=${'a'.repeat(201)}`, 'query.q'],
    ['unknown parameter', () => '/api/accounts?colour=red', 'query.colour'],
    ['contacts limit=0', () => `${contacts()}?limit=0`, 'query.limit'],
    ['contacts limit=abc', () => `${contacts()}?limit=abc`, 'query.limit'],
    ['contacts status=gone', () => `${contacts()}?status=gone`, 'query.status'],
    ['contacts cursor=garbage', () => `${contacts()}?cursor=garbage`, 'query.cursor'],
    ['contacts unknown parameter', () => `${contacts()}?sort=name`, 'query.sort'],
    ['audit limit=0', () => '/api/audit?limit=0', 'query.limit'],
    ['audit limit=abc', () => '/api/audit?limit=abc', 'query.limit'],
    ['audit cursor=garbage', () => '/api/audit?cursor=garbage', 'query.cursor'],
    ['audit unknown parameter', () => '/api/audit?actor=me', 'query.actor'],
  ];
  it.each(cases)('%s → 400 naming the parameter', async (_l, url, field) => {
    expectFieldError(await t.request('GET', url(), { token: owner.token }), field);
  });

  const forged = (key: string, id = UNKNOWN_ID) => encodeURIComponent(encodeCursor([key, id]));
  it.each([
    ['a name cursor with an id that is not a uuid', () => `/api/accounts?cursor=${forged('a', 'b')}`],
    ['an updatedAt cursor with a key that is not a time', () => `/api/accounts?sort=updatedAt&cursor=${forged('soon')}`],
    ['a -createdAt cursor with a key that is not a time', () => `/api/accounts?sort=-createdAt&cursor=${forged('x')}`],
    ['a value cursor with a key that is not a number', () => `/api/accounts?sort=value&cursor=${forged('abc')}`],
    ['a name cursor used for the value sort', () => `/api/accounts?sort=-value&cursor=${forged('acme')}`],
    ['a contacts cursor with an id that is not a uuid', () => `${contacts()}?cursor=${forged('a', 'b')}`],
    ['an audit cursor with a key that is not a time', () => `/api/audit?cursor=${forged('a')}`],
    ['an audit cursor with an id that is not a uuid', () => `/api/audit?cursor=${forged(new Date().toISOString(), 'b')}`],
  ])('a forged cursor (%s) → 400 query.cursor, never a 500', async (_l, url) => {
    expectFieldError(await t.request('GET', url(), { token: owner.token }), 'query.cursor');
  });

  it.each([
    ['q', '/api/accounts?q=a%00b'],
    ['category', '/api/accounts?category=%00'],
    ['status', '/api/accounts?status=active%00'],
  ])('a NUL in %s → 400 invalid_input', async (_l, url) => {
    expectError(await t.request('GET', url, { token: owner.token }), 400, 'invalid_input');
  });
});

describe('odd but valid text is stored, not refused and not a 500', () => {
  it.each([
    ['emoji', 'Acme 🍺 Brewing'],
    ['right-to-left', 'شركة أكمي'],
    ['combining marks', 'Cafe\u0301 Ölund'],
    ['quotes and SQL', "O'Brien\"; drop table accounts; --"],
    ['LIKE wildcards', '100% _real_ \\ accounts'],
    ['zero-width', 'Ac\u200Bme'],
  ])('%s', async (_l, name) => {
    const res = await t.request('POST', '/api/accounts', { token: owner.token, body: { name, aliases: [name.toUpperCase()] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe(name);
    const prefix = [...name].slice(0, 6).join('');
    const found = await t.request('GET', `/api/accounts?q=${encodeURIComponent(prefix)}&archived=all`, { token: owner.token });
    expect(found.status).toBe(200);
    expect(found.body.items.map((a: { id: string }) => a.id)).toContain(res.body.id);
  });

  it.each([
    ['a name', '/api/accounts', '{"name":"bad \\ud800 half"}'],
    ['a low surrogate first', '/api/accounts', '{"name":"bad \\udc00\\ud800"}'],
    ['a social handle (jsonb)', '/api/accounts/{account}/contacts', '{"name":"c","socialHandles":[{"network":"x","handle":"\\udfff"}]}'],
  ])('a lone UTF-16 surrogate in %s → 400 invalid_input, not a 500', async (_l, path, rawBody) => {
    const res = await t.request('POST', fill(path, { account: ids.account }), { token: owner.token, rawBody, headers: json });
    expectError(res, 400, 'invalid_input');
  });

  it('the literal text \\u0000 (an escaped backslash, no NUL) is stored as written', async () => {
    const res = await t.request('POST', '/api/accounts', { token: owner.token, rawBody: '{"name":"path C:\\\\u0000x"}', headers: json });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe('path C:\\u0000x');
  });

  it('a DELETE that sends a JSON content type and no body is fine', async () => {
    const account = await createAccount(t, owner.token);
    const res = await t.request('DELETE', `/api/accounts/${account.id}`, { token: owner.token, rawBody: '', headers: json });
    expect(res.status).toBe(204);
  });

  it.each(['ftp://x.io', 'mailto:a@b.co', 'javascript:alert(1).com', 'https://user:pw@example.com', 'localhost'])(
    'website %j → 400 on website',
    async (website) => {
      expectFieldError(await t.request('POST', '/api/accounts', { token: owner.token, body: { name: 'W', website } }), 'website');
    },
  );

  it('a correctly paired surrogate escape (an emoji) is fine', async () => {
    const res = await t.request('POST', '/api/accounts', { token: owner.token, rawBody: '{"name":"beer \\ud83c\\udf7a"}', headers: json });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('beer 🍺');
  });

  it('leading and trailing white space (even a BOM) is trimmed from names', async () => {
    const res = await t.request('POST', '/api/accounts', { token: owner.token, body: { name: '\uFEFF  Trim Me \t' } });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Trim Me');
  });

  it('a JSON body with __proto__ is refused and pollutes nothing', async () => {
    const res = await t.request('POST', '/api/accounts', { token: owner.token, rawBody: '{"name":"p","__proto__":{"polluted":true}}', headers: json });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('deeply nested JSON is refused as invalid input, not a crash', async () => {
    const rawBody = `{"name":"deep","notes":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await t.request('POST', '/api/accounts', { token: owner.token, rawBody, headers: json });
    expectFieldError(res, 'notes');
  });
});
