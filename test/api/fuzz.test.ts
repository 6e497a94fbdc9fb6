import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/platform/errors.js';
import { encodeCursor } from '../../src/platform/cursor.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';
import { createAccount, createContact, seededRandom } from '../support/factories.js';
import { ROUTE_TABLE, type RouteSpec } from './routes.js';

/**
 * No request content may produce a 500. Each route gets garbage: mutated valid bodies, random
 * JSON, broken JSON, odd content types, random query strings, bad ids and odd credentials. The
 * seed is fixed so a failure replays; set FUZZ_SEED to explore others.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 1_234_567);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 20);

let t: TestApp;
let owner: TestMember;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Fuzz Agency');
  const account = await createAccount(t, owner.token, { name: 'Fuzz Target' });
  const contact = await createContact(t, owner.token, account.id);
  const spare = await t.newMember(owner.workspaceId, 'member');
  const token = await t.request('POST', '/api/tokens', { token: owner.token, body: { name: 'spare' } });
  ids = { account: account.id, contact: contact.id, member: spare.userId, token: token.body.id, workspace: owner.workspaceId };
});
afterAll(async () => t.close());

const FIELDS = [
  'name', 'aliases', 'category', 'website', 'value', 'amount', 'currency', 'status', 'startedOn', 'cadenceDays',
  'isConfidential', 'owners', 'userId', 'role', 'conflictIds', 'notes', 'archived', 'emails', 'phone', 'title',
  'influence', 'isPrimary', 'leftOn', 'socialHandles', 'network', 'handle', 'email', 'password', '__proto__',
  'constructor', 'prototype', 'toString', '', ' ', 'ÄÖÜ', '$where',
];
const QUERY_KEYS = ['limit', 'cursor', 'sort', 'status', 'q', 'category', 'ownerId', 'archived', 'withTotal', 'entityType', 'entityId', 'x', '__proto__', 'limit[]'];

function makeGenerators(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const uuidLike = () => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(random() * 16).toString(16));
  const strings = () => [
    '', ' ', 'a', 'x'.repeat(201), 'y'.repeat(20_001), '日本語テキスト', 'Café Ölund', '🍺🍺', 'emoji 👩🏽‍💻',
    "O'Brien'); drop table accounts; --", '<script>alert(1)</script>', '%s%n%x', '%', '_', '\\', '\\u0000',
    'NaN', 'Infinity', '-0', '1e999', 'null', 'true', '[]', '{}', 'owner', 'admin', 'lead', 'active', 'left', 'EUR', 'eur',
    'x', 'linkedin', 'decision_maker', 'a@b.io', 'A@B.IO', 'not an email', 'example.com', 'https://x.io', 'ftp://x.io',
    '2024-02-29', '2024-02-30', '0000-01-01', '9999-12-31', '+275760-09-13', '2025-01-01T00:00:00Z', '1970-01-01',
    uuidLike(), ids.account!, ids.contact!, ids.member!, owner.userId, '\u202Eevil', '\uFEFF', '\t\n\r',
  ];
  const numbers = [0, -1, 1, 2, 3, 5, 6, 1.5, -0.01, 0.001, 999_999_999_999.99, 1e12, 1e15, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE, 3650, 3651];

  function value(depth = 0): unknown {
    const roll = random();
    if (roll < 0.1) return null;
    if (roll < 0.18) return random() < 0.5;
    if (roll < 0.35) return pick(numbers);
    if (roll < 0.65 || depth > 3) return pick(strings());
    if (roll < 0.82) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return object(depth + 1);
  }
  function object(depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const n = Math.floor(random() * 5);
    for (let i = 0; i < n; i++) out[pick(FIELDS)] = value(depth);
    return out;
  }
  function mutate(valid: Record<string, unknown>): Record<string, unknown> {
    const body = { ...valid };
    const rounds = 1 + Math.floor(random() * 3);
    for (let i = 0; i < rounds; i++) {
      const roll = random();
      const keys = Object.keys(body);
      if (roll < 0.5) body[pick(FIELDS)] = value();
      else if (roll < 0.7 && keys.length) delete body[pick(keys)];
      else if (keys.length) body[pick(keys)] = value();
    }
    return body;
  }
  function rawBody(route: RouteSpec): { rawBody?: string; body?: unknown; contentType?: string } {
    const roll = random();
    const valid = route.body?.() ?? {};
    if (roll < 0.45) return { body: mutate(valid) };
    if (roll < 0.6) return { body: value() };
    if (roll < 0.7) return { body: object() };
    if (roll < 0.8) {
      const text = JSON.stringify(mutate(valid));
      const cut = text.slice(0, Math.floor(random() * text.length));
      return { rawBody: cut + pick(['', '}', ',', '"', '\\', '\u0000', ']]]', '{"a":']), contentType: 'application/json' };
    }
    if (roll < 0.87) {
      return {
        rawBody: JSON.stringify(valid),
        contentType: pick(['text/plain', 'application/xml', 'application/json; charset=latin1', 'application/json;charset=utf-8', 'application/vnd.api+json', 'multipart/form-data', '', 'application/x-www-form-urlencoded', 'application/JSON']),
      };
    }
    if (roll < 0.93) return { rawBody: Array.from({ length: Math.floor(random() * 40) }, () => String.fromCharCode(Math.floor(random() * 256))).join(''), contentType: 'application/json' };
    return { rawBody: `{"name":"x","notes":"${'\\ud800'.repeat(Math.floor(random() * 3))}\\udfff${'['.repeat(Math.floor(random() * 3000))}`, contentType: 'application/json' };
  }
  function query(): string {
    const parts: string[] = [];
    const n = Math.floor(random() * 4);
    for (let i = 0; i < n; i++) {
      const key = pick(QUERY_KEYS);
      const roll = random();
      let v: string;
      if (roll < 0.15) v = encodeCursor([pick(strings()), random() < 0.5 ? uuidLike() : pick(strings())]);
      else if (roll < 0.25) v = Buffer.from(JSON.stringify(value())).toString('base64url');
      else if (roll < 0.35) v = pick(['name', '-value', 'updatedAt', '-createdAt', 'active,lost', 'true', 'all', '0', '500', '501', '-5', '1e3', '0x10']);
      else v = String(pick(strings()));
      parts.push(`${encodeURIComponent(key)}=${random() < 0.9 ? encodeURIComponent(v) : v.replace(/[#&?\s]/g, '')}`);
    }
    if (random() < 0.05) parts.push(pick(['%', '%zz', '%ED%A0%80', '%C0%AF', 'a=%E2%82', '&&&', '=', 'q']));
    return parts.length ? `?${parts.join('&')}` : '';
  }
  function idFor(route: RouteSpec, name: string): string {
    const roll = random();
    if (roll < 0.55) {
      if (name === 'userId') return ids.member!;
      if (route.path.startsWith('/api/contacts/')) return ids.contact!;
      if (route.path.startsWith('/api/tokens/')) return ids.token!;
      return ids.account!;
    }
    if (roll < 0.7) return uuidLike();
    if (roll < 0.8) return pick([ids.account!, ids.contact!, ids.member!, ids.token!]);
    return encodeURIComponent(pick(strings())).slice(0, 180) || 'x';
  }
  function headers(): Record<string, string> {
    const out: Record<string, string> = {};
    const roll = random();
    if (roll < 0.06) out.authorization = pick(['Bearer', 'Bearer rap_', 'Bearer rap_x y', 'Basic Zm9vOmJhcg==', `Bearer ${'a'.repeat(5000)}`, 'bearer   rap_abc']);
    else if (roll < 0.1) out.cookie = pick(['rapport_session=', 'rapport_session=%zz', `rapport_session=${'x'.repeat(4000)}`, 'rapport_session=a; rapport_session=b']);
    if (random() < 0.1) out['x-rapport-workspace'] = pick([ids.workspace!, uuidLike(), 'fuzz-agency', 'FUZZ-AGENCY', "' or 1=1 --", 'x'.repeat(300), '%00']);
    if (random() < 0.05) out['x-csrf-token'] = 'garbage';
    return out;
  }
  return { rawBody, query, idFor, headers };
}

describe('fuzz: no request content produces a 500', () => {
  it.each(ROUTE_TABLE.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_label, route) => {
    const random = seededRandom(SEED ^ hash(`${route.method} ${route.path}`));
    const gen = makeGenerators(random);
    // Logins and new members hash a password (tens of ms each): fewer rounds there.
    const rounds = route.path === '/api/auth/login' || route.path === '/api/members' ? Math.ceil(ITERATIONS / 4) : ITERATIONS;
    for (let i = 0; i < rounds; i++) {
      const url = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => gen.idFor(route, name)) + (route.query || random() < 0.3 ? gen.query() : '');
      const hdrs = gen.headers();
      const useToken = !hdrs.authorization && !hdrs.cookie && random() < 0.92;
      const payload = route.body || random() < 0.2 ? gen.rawBody(route) : {};
      const options: Parameters<TestApp['request']>[2] = { headers: { ...hdrs } };
      if (useToken) options.token = owner.token;
      if (payload.rawBody !== undefined) {
        options.rawBody = payload.rawBody;
        if (payload.contentType) options.headers!['content-type'] = payload.contentType;
      } else if (payload.body !== undefined) {
        options.body = payload.body;
      }
      const res = await t.request(route.method, url, options);
      const replay = JSON.stringify({ seed: SEED, i, method: route.method, url, options: { ...options, rawBody: options.rawBody?.slice(0, 300) }, status: res.status, body: res.body }).slice(0, 2000);
      expect(res.status, replay).toBeLessThan(500);
      if (res.status >= 400) {
        expect(ERROR_CODES, replay).toContain(res.body?.error?.code);
        expect(Array.isArray(res.body.error.details), replay).toBe(true);
      }
    }
    // The owner still works afterwards: nothing the fuzz sent broke the workspace.
    expect((await t.request('GET', '/api/me', { token: owner.token })).status).toBe(200);
  });
});

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
