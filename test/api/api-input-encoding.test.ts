import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { expectError } from '../support/factories.js';
import { ROUTE_TABLE, type RouteSpec } from './routes.js';

/**
 * JSON bodies are UTF-8 (RFC 8259). A body in another encoding — Windows-1252 from an old script,
 * a charset that says so — is refused, never read with replacement characters and stored as
 * "Caf\uFFFD": that would lose the user's text without a word.
 */
let t: TestApp;
let owner: TestMember;
let accountId: string;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace();
  const account = await t.request('POST', '/api/accounts', { token: owner.token, body: { name: 'Encoding Co' } });
  accountId = account.body.id;
});
afterAll(async () => t.close());

async function send(method: RouteSpec['method'], url: string, payload: Buffer, contentType = 'application/json') {
  const response = await t.rapport.app.inject({ method, url, payload, headers: { authorization: `Bearer ${owner.token}`, 'content-type': contentType } });
  return { status: response.statusCode, body: response.json() };
}

const bodyRoutes = ROUTE_TABLE.filter((r) => r.body);
const urlOf = (route: RouteSpec) => route.path.replace(/\{(\w+)\}/g, accountId);

describe.each(bodyRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_label, route) => {
  it('a body with bytes that are not UTF-8 (Windows-1252 "é") → 400 invalid_json', async () => {
    const json = JSON.stringify(route.body!());
    // The parser reads the bytes before any schema: the extra field never gets that far.
    const latin1 = Buffer.from(`${json.slice(0, -1)}${json === '{}' ? '' : ','}"note":"Café"}`, 'latin1');
    expect(latin1.includes(0xe9)).toBe(true);
    const error = expectError(await send(route.method, urlOf(route), latin1), 400, 'invalid_json');
    expect(error.message).toContain('UTF-8');
  });

  it.each(['latin1', 'ISO-8859-1', 'windows-1252', 'utf-16', '""'])('a JSON body with charset=%s → 415 unsupported_media_type', async (charset) => {
    const res = await send(route.method, urlOf(route), Buffer.from(JSON.stringify(route.body!())), `application/json; charset=${charset}`);
    expectError(res, 415, 'unsupported_media_type');
  });
});

describe('what stays accepted', () => {
  it.each(['application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json;charset="utf8"', 'application/json'])('%s', async (contentType) => {
    const res = await send('POST', '/api/accounts', Buffer.from(JSON.stringify({ name: `Café ${contentType}` })), contentType);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe(`Café ${contentType}`);
  });

  it('a UTF-8 byte order mark before the JSON is dropped', async () => {
    const res = await send('POST', '/api/accounts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ name: 'Ölund BOM' }))]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.name).toBe('Ölund BOM');
  });

  it('a refused Windows-1252 body stores nothing', async () => {
    expectError(await send('POST', '/api/accounts', Buffer.from('{"name":"Müller GmbH"}', 'latin1')), 400, 'invalid_json');
    const list = await t.request('GET', '/api/accounts?q=ller', { token: owner.token });
    expect(list.body.items).toEqual([]);
  });
});
