import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('smoke', () => {
  it('answers health', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
  it('creates and lists an account', async () => {
    const m = await t.newWorkspace();
    const created = await t.request('POST', '/api/accounts', { token: m.token, body: { name: 'Acme Beer', aliases: ['ACME', '@acme'], category: 'beer', value: { amount: 5000, currency: 'EUR' } } });
    expect(created.status).toBe(201);
    const list = await t.request('GET', '/api/accounts?withTotal=true', { token: m.token });
    expect(list.status).toBe(200);
    expect(list.body.items[0].name).toBe('Acme Beer');
    expect(list.body.total).toBe(1);
    const bad = await t.request('POST', '/api/accounts', { token: m.token, body: { name: '', website: 'nope' } });
    expect(bad.status).toBe(400);
    console.log(JSON.stringify(bad.body));
    const badJson = await t.request('POST', '/api/accounts', { token: m.token, rawBody: '{"name":', headers: { 'content-type': 'application/json' } });
    console.log(badJson.status, JSON.stringify(badJson.body));
  });
});
