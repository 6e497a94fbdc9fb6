import { describe, expect, it } from 'vitest';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';

describe('hashPassword / verifyPassword', () => {
  it('stores scrypt parameters, salt and key, and verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery');
    const parts = hash.split('$');
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(parts[4]!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[5]!, 'base64url')).toHaveLength(64);
    expect(hash).not.toContain('correct horse');

    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    expect(await verifyPassword('correct horse battery ', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('treats Unicode-equivalent passwords alike (NFKC)', async () => {
    const hash = await hashPassword('ﬁne Café');
    expect(await verifyPassword('fine Café', hash)).toBe(true);
    expect(await verifyPassword('fine Cafe\u0301', hash)).toBe(true);
    expect(await verifyPassword('fine Cafe', hash)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['too few parts', 'scrypt$32768$8$1$c2FsdA'],
    ['empty key', 'scrypt$32768$8$1$c2FsdA$'],
    ['plain text', 'correct horse battery'],
    ['N not a power of two', 'scrypt$3$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5'],
    ['N far too large', 'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5'],
    ['parameters not numbers', 'scrypt$x$y$z$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5'],
  ])('answers false for a malformed hash (%s)', async (_label, stored) => {
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(false);
  });

  it('has a dummy hash that matches no ordinary password', async () => {
    const dummy = await DUMMY_HASH_PROMISE;
    expect(dummy.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('password', dummy)).toBe(false);
  });
});
