import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';

/**
 * A CSV upload with rows that are not UTF-8 (a name typed in Excel and saved as "CSV (Comma
 * delimited)", i.e. Windows-1252): each such row is reported by its line and column, and the good
 * rows around it are imported — never stored with U+FFFD in place of the letters.
 */
let t: TestApp;
let owner: TestMember;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace('Encoding Agency');
});
afterAll(async () => t.close());

async function upload(url: string, file: Buffer) {
  const response = await t.rapport.app.inject({ method: 'POST', url, payload: file, headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'text/csv' } });
  return { status: response.statusCode, body: response.json() };
}

async function finish(id: string): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const res = await t.request('GET', `/api/imports/${id}`, { token: owner.token });
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Import ${id} did not finish`);
}

const FILE = Buffer.concat([
  Buffer.from('Record ID,Company name,Industry\r\n301,Good Brewing,Beer\r\n302,Ölund Bakery,Food\r\n'),
  // Line 4: Windows-1252 bytes (ü is 0xFC, é is 0xE9), not UTF-8.
  Buffer.from('303,Müller GmbH,Café\r\n', 'latin1'),
  Buffer.from('304,,Beer\r\n305,Last Good,Beer\r\n'),
]);

describe('a CSV with rows that are not UTF-8', () => {
  it('reports each such row by line and column, and imports the good ones', async () => {
    const started = await upload('/api/imports?filename=companies.csv', FILE);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await finish(started.body.id);
    expect(done).toMatchObject({ status: 'done', rowsRead: 5, rowsImported: 3, rowsFailed: 2 });
    expect(done.errors).toEqual([
      { line: 4, column: 'Company name', message: expect.stringMatching(/^Company name: contains bytes that are not UTF-8 .*; Industry: contains bytes that are not UTF-8/) },
      { line: 5, column: 'Company name', message: 'Company name: an account needs a name' },
    ]);
    const names = (await t.request('GET', '/api/accounts?limit=50', { token: owner.token })).body.items.map((a: { name: string }) => a.name);
    expect(names.sort()).toEqual(['Good Brewing', 'Last Good', 'Ölund Bakery']);
    expect(JSON.stringify(names)).not.toContain('\uFFFD');
  });

  it('the preview shows the row as one that would fail', async () => {
    const res = await upload('/api/imports/preview?filename=companies.csv', FILE);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = res.body.rows.find((r: { line: number }) => r.line === 4);
    expect(JSON.stringify(row)).toContain('not UTF-8');
  });
});
