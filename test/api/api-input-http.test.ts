import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/platform/errors.js';
import { createTestApp, type TestApp, type TestMember } from '../support/app.js';

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (no route, no schema): they answer
 * in the one error shape too. They need a real socket — `inject` skips the parser.
 */
let t: TestApp;
let owner: TestMember;
let port: number;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.newWorkspace();
  await t.rapport.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.rapport.app.server.address() as AddressInfo).port;
});
afterAll(async () => t.close());

/** Sends `raw` bytes on a fresh connection and reads the whole answer until the server closes it. */
function exchange(raw: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body });
    });
    // Not end(): a half-closed connection may be dropped before a slow answer is written. Every
    // request here either breaks the parser (the server answers and closes) or says Connection: close.
    socket.write(raw);
  });
}

/** `AUTH` in a raw request stands for the owner's Authorization header line. */
const withAuth = (raw: string) => raw.replace('AUTH', `Authorization: Bearer ${owner.token}\r\n`);

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['a Content-Length that is not a number', `POST /api/accounts HTTP/1.1\r\nHost: x\r\nAUTHContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}`],
    ['both Content-Length and Transfer-Encoding', `POST /api/accounts HTTP/1.1\r\nHost: x\r\nAUTHContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`],
    ['a chunk size that is not hexadecimal', `POST /api/accounts HTTP/1.1\r\nHost: x\r\nAUTHContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
    ['a header line without a colon', `GET /api/accounts HTTP/1.1\r\nHost: x\r\nAUTHBroken header line\r\n\r\n`],
    ['a request line that is not HTTP', `GET /api/accounts HTTP/9\r\nHost: x\r\n\r\n`],
  ])('%s → 400 invalid_input', async (_label, raw) => {
    const res = await exchange(withAuth(raw));
    expect(res.status, res.headers).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'invalid_input', message: expect.stringContaining('not valid HTTP'), details: [] } });
  });

  it('headers over 16 KB → 431 payload_too_large', async () => {
    const res = await exchange(withAuth(`GET /api/accounts HTTP/1.1\r\nHost: x\r\nAUTHX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(res.status, res.headers).toBe(431);
    const body = JSON.parse(res.body);
    expect(body).toEqual({ error: { code: 'payload_too_large', message: expect.any(String), details: [] } });
    expect(ERROR_CODES).toContain(body.error.code);
  });

  it('a well-formed request on the same server is answered as usual', async () => {
    const res = await exchange(withAuth(`GET /api/accounts HTTP/1.1\r\nHost: x\r\nAUTHConnection: close\r\n\r\n`));
    expect(res.status).toBe(200);
  });
});
